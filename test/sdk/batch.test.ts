import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { expect } from "chai";
import { AbiCoder, encodeBytes32String, getBytes, hexlify, keccak256, randomBytes } from "ethers";

import { buildBatchTree } from "../../sdk/certificates/merkle.js";
import {
  batchLeaf,
  BATCH_INDEX,
  BATCH_JOURNAL,
  buildBatch,
  canonicalJson,
  commitSubject,
  createDocument,
  documentHash,
  fieldHash,
  prepareBatch,
  readBatchFolder,
  writeBatchFolder,
  type BatchRow,
  type CertificateDocument,
  type FieldValue,
  type SaltedField,
} from "../../sdk/index.js";

const coder = AbiCoder.defaultAbiCoder();

// The reference encodings, with ethers' AbiCoder: the fast path must give the same bytes.
const referenceFieldHash = (name: string, field: SaltedField) =>
  keccak256(
    coder.encode(
      ["string", "string", "bytes32", "string"],
      ["govchain.field/1", name, field.salt, canonicalJson(field.value)],
    ),
  );
const referenceDocumentHash = (d: CertificateDocument) =>
  keccak256(
    coder.encode(
      ["string", "bytes32", "bytes32", "bytes32", "uint64", "uint64", "bytes32[]"],
      [
        d.version,
        encodeBytes32String(d.certType),
        encodeBytes32String(d.issuer),
        d.subject,
        d.validFrom,
        d.validUntil,
        [
          ...Object.entries(d.fields).map(([n, f]) => referenceFieldHash(n, f)),
          ...(d.hiddenFields ?? []).map((h) => h.toLowerCase()),
        ].sort(),
      ],
    ),
  );

const randomText = (max: number) =>
  Array.from({ length: Math.floor(Math.random() * max) }, () =>
    String.fromCodePoint(
      Math.random() < 0.2 ? 0x4e00 + Math.floor(Math.random() * 500) : 32 + Math.floor(Math.random() * 90),
    ),
  ).join("");

const makeDocument = (i: number, fields: Record<string, FieldValue>) =>
  createDocument({
    certType: "BUSINESS_LICENCE",
    issuer: "MARKET",
    subject: hexlify(randomBytes(32)),
    validFrom: 1_800_000_000 + i,
    validUntil: 1_900_000_000 + i * 97,
    fields,
  });

describe("certificate batches (hashing, tree, files)", function () {
  it("hashes fields, documents and subjects exactly as abi.encode + keccak256 does", function () {
    for (let i = 0; i < 200; i++) {
      const fields: Record<string, FieldValue> = {};
      // Lengths around 32-byte boundaries and multi-byte characters exercise the padding.
      for (let f = 0; f < 1 + (i % 5); f++) fields[`f${f}${randomText(40)}`] = randomText(i % 3 === 0 ? 70 : 33);
      fields.n = i;
      const document = makeDocument(i, fields);
      if (i % 4 === 0) document.hiddenFields = [hexlify(randomBytes(32)).toUpperCase().replace("0X", "0x")];
      for (const [name, field] of Object.entries(document.fields))
        expect(fieldHash(name, field)).to.equal(referenceFieldHash(name, field));
      expect(documentHash(document)).to.equal(referenceDocumentHash(document));
      const id = randomText(50) || "x";
      const { commitment, salt } = commitSubject(id);
      expect(commitment).to.equal(
        keccak256(coder.encode(["string", "string", "bytes32"], ["govchain.subject/1", id, salt])),
      );
    }
  });

  it("builds OpenZeppelin's StandardMerkleTree: same root, same proofs, for every size up to 70", function () {
    for (let n = 1; n <= 70; n++) {
      const hashes = Array.from({ length: n }, () => hexlify(randomBytes(32)));
      const ours = buildBatchTree(hashes);
      const theirs = StandardMerkleTree.of(
        hashes.map((h) => [h]),
        ["bytes32"],
      );
      expect(ours.root, `root of ${n}`).to.equal(theirs.root);
      for (let i = 0; i < n; i++) expect(ours.proof(i), `proof ${i} of ${n}`).to.deep.equal(theirs.getProof(i));
    }
    expect(batchLeaf(`0x${"ab".repeat(32)}`)).to.equal(
      keccak256(getBytes(keccak256(coder.encode(["bytes32"], [`0x${"ab".repeat(32)}`])))),
    );
  });

  it("prepares a batch whose every proof places its document under the root", function () {
    const documents = Array.from({ length: 33 }, (_, i) => {
      const d = makeDocument(0, { company: `c${i}` });
      return { ...d, subject: documents0Subject };
    });
    const batch = prepareBatch(documents);
    for (const c of batch.certificates) {
      expect(StandardMerkleTree.verify(batch.root, ["bytes32"], [c.proof.certHash], c.proof.merkleProof!)).to.equal(
        true,
      );
      expect(c.proof.certHash).to.equal(documentHash(c));
    }
    expect(() => prepareBatch([documents[0], documents[0]])).to.throw(/same document twice/);
    expect(() => prepareBatch([documents[0], makeDocument(1, { company: "other window" })])).to.throw(
      /same validity window/,
    );
  });

  it("writes every document with its proof, the fsynced journal and the index, reads it back, and refuses a used folder", async function () {
    const dir = mkdtempSync(path.join(tmpdir(), "govchain-batch-test-"));
    try {
      const batch = prepareBatch(Array.from({ length: 12 }, (_, i) => makeDocument(0, { company: `c${i}` })));
      let progress = 0;
      const { folder } = await writeBatchFolder(dir, batch, {
        entries: batch.certificates.map((_, i) => ({ subject: { id: `holder ${i}` } })),
        onProgress: (written) => (progress = written),
      });
      expect(progress).to.equal(12);
      expect(readdirSync(dir).sort()).to.deep.equal(
        [BATCH_INDEX, BATCH_JOURNAL, ...folder.files.map((f) => path.basename(f))].sort(),
      );
      const journal = readFileSync(folder.journal, "utf8")
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line));
      expect(journal).to.deep.equal(batch.certificates.map(({ proof: _proof, ...d }) => d));
      folder.files.forEach((file, i) =>
        expect(JSON.parse(readFileSync(file, "utf8"))).to.deep.equal(batch.certificates[i]),
      );
      const index = JSON.parse(readFileSync(folder.index, "utf8"));
      expect(index).to.include({ root: batch.root, count: 12, state: "prepared", certType: "BUSINESS_LICENCE" });
      expect(index.certificates[3]).to.deep.equal({
        row: 4,
        file: path.basename(folder.files[3]),
        certHash: batch.certificates[3].proof.certHash,
        subject: { id: "holder 3" },
      });
      const back = readBatchFolder(dir);
      expect(back.batch).to.deep.equal(batch);
      expect(back.index).to.deep.equal(index);
      let refused: unknown;
      await writeBatchFolder(dir, batch).catch((error: unknown) => (refused = error));
      expect(String(refused)).to.match(/already exists/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds the same batch on worker threads as on one thread: documents, root, proofs and files", async function () {
    this.timeout(120_000);
    const spec = {
      certType: "BUSINESS_LICENCE",
      issuer: "MARKET",
      validFrom: 1_800_000_000,
      validUntil: 1_900_000_000,
    };
    // Sizes around the chunk (2,000 rows), tree levels split among threads from 64 nodes, plus rows with ids and rows with commitments.
    const rows = Array.from({ length: 4_321 }, (_, i): BatchRow =>
      i % 3 === 0
        ? { subject: hexlify(randomBytes(32)), fields: { company: `c${i}`, capital: i } }
        : { subjectId: `9111010800000${i}`, fields: { company: `c${i}`, nested: { a: [i, "x"] } } },
    );
    for (const threads of [2, 3]) {
      const dir = mkdtempSync(path.join(tmpdir(), "govchain-batch-threads-"));
      const built = await buildBatch(spec, rows, { threads, splitLevelFrom: 64 });
      try {
        const single = prepareBatch(built.batch.certificates.map(({ proof: _proof, ...d }) => d));
        expect(built.batch.root, `root, ${threads} threads`).to.equal(single.root);
        expect(built.batch.certificates).to.deep.equal(single.certificates);
        const tree = StandardMerkleTree.of(
          single.certificates.map((c) => [c.proof.certHash]),
          ["bytes32"],
        );
        expect(built.batch.root).to.equal(tree.root);
        for (const i of [0, 1, 1_999, 2_000, 4_320]) {
          expect(built.batch.certificates[i].proof.merkleProof).to.deep.equal(tree.getProof(i));
        }
        built.subjects.forEach((s, i) => {
          expect(built.batch.certificates[i].subject).to.equal(s.commitment);
          if (s.id !== undefined) expect(commitSubject(s.id, s.salt).commitment).to.equal(s.commitment);
          else expect(s.commitment).to.equal(rows[i].subject);
        });
        const { folder } = await writeBatchFolder(dir, built);
        expect(readFileSync(folder.journal, "utf8")).to.equal(
          `${single.certificates.map(({ proof: _proof, ...d }) => JSON.stringify(d)).join("\n")}\n`,
        );
        for (const i of [0, 2_000, 4_320]) {
          expect(JSON.parse(readFileSync(folder.files[i], "utf8"))).to.deep.equal(single.certificates[i]);
        }
        expect(readdirSync(dir)).to.have.length(rows.length + 2);
        expect(readBatchFolder(dir).batch.root).to.equal(single.root);
      } finally {
        await built.close();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    let refused: unknown;
    await buildBatch(
      spec,
      [
        { subjectId: "x", fields: {} },
        { subjectId: "", fields: {} },
      ],
      { threads: 2 },
    ).catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/row 2/);
  });
});

const documents0Subject = hexlify(randomBytes(32));
