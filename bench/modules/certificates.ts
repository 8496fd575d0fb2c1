import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import {
  ContractFactory,
  encodeBytes32String,
  id,
  Interface,
  type InterfaceAbi,
  type LogDescription,
  type Signer,
  ZeroAddress,
  ZeroHash,
} from "ethers";

import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

const require = createRequire(import.meta.url);
const BUSINESS_LICENCE = encodeBytes32String("BUSINESS_LICENCE");
const YEAR = 365n * 24n * 3600n;
/** 2026-01-01T00:00:00Z: every certificate's validity starts here (the registry accepts a past start). */
const VALID_FROM = 1_767_225_600n;
/** Far enough ahead that the certificates are still valid whenever the bench runs. */
const UNTIL = VALID_FROM + 50n * YEAR;

/** Distinct, realistic (full 32-byte) hashes. */
const hash = (label: string, i: number) => id(`${label}:${i}`);

/**
 * Certificates, side by side with OpenAttestation's DocumentStore and EAS on the same chain.
 * Each peer is loaded only if its npm package is installed (skipped with a note otherwise).
 */
export const certificatesBench: ModuleBench = async ({ connection, suite }) => {
  const registry = suite.certificateRegistry.connect(suite.staff.MARKET.officer);
  // Fixed times, not the block's: calldata (and so gas, by its zero bytes) is then the same in every run.
  const now = VALID_FROM;
  const subject = id("subject commitment");
  const gas: Record<string, number> = {};
  const scale: Record<string, number> = {};

  // Scale, first on the fresh registry: its 1st single issuance vs its 10,000th (no per-registry growth).
  // Issuances 2 .. 9,999 are real transactions too, sent 250 at a time with a fixed gas limit (no estimate).
  if (process.env.BENCH_SKIP_SCALE === undefined) {
    const issueScale = (i: number, overrides = {}) =>
      registry.issue(BUSINESS_LICENCE, hash("scale", i), subject, now, UNTIL, overrides);
    scale["certificates.issue.first"] = await gasOf(issueScale(0));
    for (let i = 1; i < 9_999; i += 250) {
      const sends = [];
      for (let j = i; j < Math.min(i + 250, 9_999); j++) sends.push(issueScale(j, { gasLimit: 100_000 }));
      await Promise.all((await Promise.all(sends)).map((tx) => tx.wait()));
    }
    scale["certificates.issue.10000th"] = await gasOf(issueScale(9_999));
  }

  // Warm-up so the first measured issue does not pay one-off costs (type counter, nonces) unlike later ones.
  await gasOf(registry.issue(BUSINESS_LICENCE, hash("warm", 0), subject, now, UNTIL));

  gas["certificates.issue"] = await gasOf(registry.issue(BUSINESS_LICENCE, hash("cert", 1), subject, now, UNTIL));
  gas["certificates.revoke"] = await gasOf(registry.revoke(BUSINESS_LICENCE, hash("cert", 1), 3));
  await gasOf(registry.issue(BUSINESS_LICENCE, hash("cert", 2), subject, now, UNTIL));
  gas["certificates.suspend"] = await gasOf(registry.suspend(BUSINESS_LICENCE, hash("cert", 2), 8));
  gas["certificates.reinstate"] = await gasOf(registry.reinstate(BUSINESS_LICENCE, hash("cert", 2), 9));
  gas["certificates.renew"] = await gasOf(
    registry.renew(BUSINESS_LICENCE, hash("cert", 2), hash("cert", 3), subject, now, UNTIL + YEAR),
  );

  const leaves = Array.from({ length: 10_000 }, (_, i) => [hash("batch", i)]);
  const tree = StandardMerkleTree.of(leaves, ["bytes32"]);
  gas["certificates.issueBatch10000"] = await gasOf(
    registry.issueBatch(BUSINESS_LICENCE, tree.root, leaves.length, now, UNTIL),
  );
  gas["certificates.revokeInBatch"] = await gasOf(
    registry.revokeInBatch(BUSINESS_LICENCE, tree.root, leaves[4321][0], tree.getProof(4321), 3),
  );
  gas["certificates.verifyInBatch.view"] = Number(
    await registry.isValidInBatch.estimateGas(BUSINESS_LICENCE, tree.root, leaves[17][0], tree.getProof(17)),
  );

  // Delegated issuance: the officer signs, the stranger relays.
  const officer = suite.staff.MARKET.officer;
  const { chainId } = await connection.ethers.provider.getNetwork();
  const request = {
    certType: BUSINESS_LICENCE,
    certHash: hash("signed", 1),
    subject,
    validFrom: now,
    validUntil: UNTIL,
    signer: officer.address,
    nonce: 0n,
    deadline: 2n ** 40n,
  };
  const signature = await officer.signTypedData(
    { name: "govchain CertificateRegistry", version: "1", chainId, verifyingContract: await registry.getAddress() },
    {
      IssueRequest: [
        { name: "certType", type: "bytes32" },
        { name: "certHash", type: "bytes32" },
        { name: "subject", type: "bytes32" },
        { name: "validFrom", type: "uint64" },
        { name: "validUntil", type: "uint64" },
        { name: "signer", type: "address" },
        { name: "nonce", type: "uint256" },
        { name: "deadline", type: "uint256" },
      ],
    },
    request,
  );
  gas["certificates.issueWithSignature"] = await gasOf(
    suite.certificateRegistry.connect(suite.stranger).issueWithSignature(request, signature),
  );

  // What access control adds to an officer's call, for the gas goals' accounting: the AccessManager's
  // `canCall` for `issue` as a view (eth_estimateGas: 21,000 + calldata + the check itself). Inside a
  // restricted call the registry pays the check plus a cold CALL to the manager (2,600).
  gas["certificates.accessCheck.view"] = Number(
    await suite.manager.canCall.estimateGas(
      officer.address,
      await registry.getAddress(),
      registry.interface.getFunction("issue").selector,
    ),
  );

  const peers = await measurePeers(suite.operator as unknown as Signer);
  return { gas, peers, scale };
};

interface Artifact {
  abi: InterfaceAbi;
  bytecode: string;
}

/** Resolves an installed package's file, or undefined (the package is optional). */
function resolvePackageFile(pkg: string, file: string): string | undefined {
  try {
    const pkgJson = require.resolve(`${pkg}/package.json`);
    const full = path.join(path.dirname(pkgJson), file);
    return existsSync(full) ? full : undefined;
  } catch {
    return undefined;
  }
}

/** OpenAttestation's DocumentStore from `@govtechsg/document-store` (its TypeChain factory's static abi + bytecode). */
async function loadDocumentStore(): Promise<Artifact | undefined> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import("@govtechsg/document-store" as string)) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const candidates = [mod, (mod.default ?? {}) as Record<string, unknown>];
  for (const m of candidates) {
    for (const name of ["DocumentStoreFactory", "DocumentStore__factory"]) {
      const factory = m[name] as { abi?: InterfaceAbi; bytecode?: string } | undefined;
      if (factory?.abi !== undefined && typeof factory.bytecode === "string") {
        return { abi: factory.abi, bytecode: factory.bytecode };
      }
    }
  }
  console.log("  note: @govtechsg/document-store is installed but exports no DocumentStoreFactory with abi+bytecode");
  return undefined;
}

/** Constructor arguments chosen from the ABI: strings get a name, addresses the deployer. */
function constructorArgs(abi: InterfaceAbi, deployer: string): unknown[] {
  const ctor = new Interface(abi).deploy;
  return ctor.inputs.map((input) => {
    if (input.type === "string") return "govchain bench";
    if (input.type === "address") return deployer;
    if (input.type.startsWith("uint")) return 0;
    if (input.type === "bool") return false;
    throw new Error(`unexpected constructor input ${input.format()}`);
  });
}

async function measurePeers(deployer: Signer): Promise<Record<string, number>> {
  const peers: Record<string, number> = {};
  const me = await deployer.getAddress();

  const documentStore = await loadDocumentStore();
  if (documentStore === undefined) {
    console.log("  note: @govtechsg/document-store not installed: OpenAttestation peer skipped");
  } else {
    const factory = new ContractFactory(documentStore.abi, documentStore.bytecode, deployer);
    const store = await factory.deploy(...constructorArgs(documentStore.abi, me));
    await store.waitForDeployment();
    if (
      new Interface(documentStore.abi).getFunction("initialize") !== null &&
      new Interface(documentStore.abi).deploy.inputs.length === 0
    ) {
      await (await store.getFunction("initialize")(...constructorArgs(documentStore.abi, me))).wait();
    }
    // One warm-up so both sides are measured the same way (first write to the contract's slots).
    await gasOf(store.getFunction("issue")(id("oa:warm")));
    peers["OpenAttestation.issue"] = await gasOf(store.getFunction("issue")(id("oa:1")));
    peers["OpenAttestation.revoke"] = await gasOf(store.getFunction("revoke")(id("oa:1")));
  }

  const easRegistry = readArtifact(
    "@ethereum-attestation-service/eas-contracts",
    "artifacts/contracts/SchemaRegistry.sol/SchemaRegistry.json",
  );
  const easArtifact = readArtifact(
    "@ethereum-attestation-service/eas-contracts",
    "artifacts/contracts/EAS.sol/EAS.json",
  );
  if (easRegistry === undefined || easArtifact === undefined) {
    console.log("  note: @ethereum-attestation-service/eas-contracts not installed: EAS peer skipped");
  } else {
    const schemaRegistry = await new ContractFactory(easRegistry.abi, easRegistry.bytecode, deployer).deploy();
    await schemaRegistry.waitForDeployment();
    const eas = await new ContractFactory(easArtifact.abi, easArtifact.bytecode, deployer).deploy(
      await schemaRegistry.getAddress(),
    );
    await eas.waitForDeployment();
    // The same information our registry records: the document hash, its type and the validity window.
    const schema = "bytes32 certHash,bytes32 certType,bytes32 subject,uint64 validFrom";
    const registered = await (await schemaRegistry.getFunction("register")(schema, ZeroAddress, true)).wait();
    const schemaUid = registered!.logs
      .map((log: { topics: readonly string[]; data: string }) => schemaRegistry.interface.parseLog(log))
      .find((parsed: LogDescription | null) => parsed?.name === "Registered")!.args.uid as string;
    const attest = (i: number) =>
      eas.getFunction("attest")({
        schema: schemaUid,
        data: {
          recipient: ZeroAddress,
          expirationTime: 2n ** 40n,
          revocable: true,
          refUID: ZeroHash,
          data: new Interface([])
            .getAbiCoder()
            .encode(
              ["bytes32", "bytes32", "bytes32", "uint64"],
              [id(`eas:${i}`), BUSINESS_LICENCE, id("subject commitment"), 1n],
            ),
          value: 0n,
        },
      });
    await gasOf(attest(0));
    // EAS derives the attestation's uid from the block time, and revoke's calldata carries the uid: a fixed
    // time keeps its zero bytes, and so the revoke's gas, the same in every run (nothing runs after this).
    await (deployer.provider as unknown as { send(m: string, p: unknown[]): Promise<unknown> }).send(
      "evm_setNextBlockTimestamp",
      [4_000_000_000],
    );
    const attested = await (await attest(1)).wait();
    peers["EAS.attest"] = Number(attested!.gasUsed);
    const uid = attested!.logs
      .map((log: { topics: readonly string[]; data: string }) => eas.interface.parseLog(log))
      .find((parsed: LogDescription | null) => parsed?.name === "Attested")!.args.uid as string;
    peers["EAS.revoke"] = await gasOf(eas.getFunction("revoke")({ schema: schemaUid, data: { uid, value: 0n } }));
  }
  return peers;
}

function readArtifact(pkg: string, file: string): Artifact | undefined {
  const full = resolvePackageFile(pkg, file);
  if (full === undefined) return undefined;
  const json = JSON.parse(readFileSync(full, "utf8")) as { abi: InterfaceAbi; bytecode: string | { object: string } };
  return { abi: json.abi, bytecode: typeof json.bytecode === "string" ? json.bytecode : json.bytecode.object };
}
