import { expect } from "chai";

import {
  commitSubject,
  createDocument,
  decodeShareFragment,
  disclose,
  documentFromLink,
  documentHash,
  shareLink,
  shareQr,
  ValidationError,
} from "../../sdk/index.js";

/** Share links and QR codes (sdk/certificates/share.ts): plain Node, no chain, run by `npm test`. */
describe("web: share links and QR codes", function () {
  const document = createDocument({
    certType: "BUSINESS_LICENCE",
    issuer: "MARKET",
    subject: commitSubject("91110108MA01ABCD2X").commitment,
    validFrom: 1_700_000_000,
    validUntil: 1_900_000_000,
    fields: { name: "北京茶馆有限公司", address: "1 Qianmen St", capital: 1_000_000 },
  });

  it("carries the document in the fragment, byte for byte the same hash", async function () {
    const link = await shareLink(document, "https://verify.example/?rpc=https%3A%2F%2Fnode#stale");
    expect(link).to.match(/^https:\/\/verify\.example\/\?rpc=https%3A%2F%2Fnode#d=[A-Za-z0-9_-]+$/);
    const back = await documentFromLink(link);
    expect(back).to.deep.equal(document);
    expect(documentHash(back!)).to.equal(documentHash(document));
  });

  it("keeps a selectively disclosed document disclosed (hidden values are not in the link)", async function () {
    const link = await shareLink(disclose(document, ["name"]), "https://verify.example/");
    const back = await documentFromLink(link);
    expect(Object.keys(back!.fields)).to.deep.equal(["name"]);
    expect(JSON.stringify(back)).to.not.include("Qianmen");
  });

  it("refuses a damaged link with a ValidationError, and finds no document in a plain page link", async function () {
    for (const bad of ["abc$", "AAAA"]) {
      await decodeShareFragment(bad).then(
        () => expect.fail(`${bad} decoded`),
        (error) => expect(error).to.be.instanceOf(ValidationError),
      );
    }
    expect(await documentFromLink("https://verify.example/?rpc=x")).to.equal(undefined);
  });

  it("draws the link as a QR code in SVG and PNG, and refuses a link too long for one", async function () {
    const link = await shareLink(document, "https://verify.example/");
    expect(await shareQr(link, "svg"))
      .to.be.a("string")
      .and.match(/^<svg/);
    const png = (await shareQr(link, "png")) as Uint8Array;
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join("")).to.equal("PNG");
    await shareQr(`https://verify.example/#d=${"A".repeat(3_000)}`, "png").then(
      () => expect.fail("a 3,000-byte link was drawn"),
      (error) => expect(error).to.be.instanceOf(ValidationError),
    );
  });
});
