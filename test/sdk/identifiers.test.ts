import { expect } from "chai";

import {
  classifyIdentifier,
  creditCodeCheckChar,
  InvalidIdentifierError,
  isCreditCode,
  isResidentId,
  requireCreditCode,
  requireResidentId,
  residentIdCheckChar,
} from "../../sdk/index.js";

/** The thrown error of `fn`, which must throw. */
function thrown(fn: () => unknown): InvalidIdentifierError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidIdentifierError);
    return error as InvalidIdentifierError;
  }
  throw new Error("expected an InvalidIdentifierError");
}

/** Every other character of the identifier's alphabet in the check position. */
function wrongChecks(value: string, alphabet: string): string[] {
  return [...alphabet].filter((c) => c !== value[17]).map((c) => value.slice(0, 17) + c);
}

describe("identifier check characters", function () {
  describe("resident ID number (GB 11643-1999, ISO 7064 MOD 11-2)", function () {
    // The standard's own examples (GB 11643-1999, appendix), one of them with X for 10.
    const STANDARD = ["11010519491231002X", "440524188001010014"];

    it("accepts the standard's examples", function () {
      for (const id of STANDARD) {
        expect(isResidentId(id), id).to.equal(true);
        expect(requireResidentId(id)).to.equal(id);
        expect(residentIdCheckChar(id.slice(0, 17))).to.equal(id[17]);
      }
    });

    it("computes every check character 0-9 and X", function () {
      // Varying the sequence number walks the weighted sum through all eleven residues.
      const seen = new Set<string>();
      for (let n = 0; n < 200; n++) seen.add(residentIdCheckChar(`11010519900307${String(n).padStart(3, "0")}`));
      expect([...seen].sort().join("")).to.equal("0123456789X");
    });

    it("refuses every wrong check character, naming position 18 and the expected one", function () {
      for (const id of STANDARD) {
        for (const wrong of wrongChecks(id, "0123456789X")) {
          const error = thrown(() => requireResidentId(wrong, "--subject"));
          expect(error.position, wrong).to.equal(18);
          expect(error.expected).to.equal(id[17]);
          expect(error.kind).to.equal("residentId");
          expect(error.shortMessage).to.contain("--subject").and.contain(`call for ${id[17]}`);
        }
      }
    });

    it("refuses a lower-case x (one spelling, one commitment), a letter in the digits, a wrong length", function () {
      expect(thrown(() => requireResidentId("11010519491231002x")).shortMessage).to.contain("upper-case X");
      const letter = thrown(() => requireResidentId("1101051949123A002X"));
      expect(letter.position).to.equal(14);
      expect(thrown(() => requireResidentId("1101051949123100")).shortMessage).to.contain("16 characters, not 18");
    });

    it("catches every swap of two adjacent different characters", function () {
      for (const id of STANDARD) {
        for (let i = 0; i < 17; i++) {
          if (id[i] === id[i + 1]) continue;
          const swapped = id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
          expect(isResidentId(swapped), swapped).to.equal(false);
        }
      }
    });
  });

  describe("unified social credit code (GB 32100-2015, MOD 31)", function () {
    // The standard's example (GB 32100-2015, appendix): a company registered in Fuzhou.
    const STANDARD = "91350100M000100Y43";
    const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    it("accepts the standard's example", function () {
      expect(isCreditCode(STANDARD)).to.equal(true);
      expect(requireCreditCode(STANDARD)).to.equal(STANDARD);
      expect(creditCodeCheckChar(STANDARD.slice(0, 17))).to.equal("3");
    });

    it("refuses every wrong check character, naming position 18 and the expected one", function () {
      for (const wrong of wrongChecks(STANDARD, ALPHABET)) {
        const error = thrown(() => requireCreditCode(wrong));
        expect(error.position, wrong).to.equal(18);
        expect(error.expected).to.equal("3");
        expect(error.kind).to.equal("creditCode");
      }
    });

    it("refuses the letters outside the alphabet (I, O, S, V, Z), lower case and a wrong length", function () {
      for (const c of "IOSVZ") {
        const error = thrown(() => requireCreditCode(`91350100M000100${c}43`));
        expect(error.position).to.equal(16);
        expect(error.shortMessage).to.contain("alphabet");
      }
      expect(thrown(() => requireCreditCode("91350100m000100Y43")).shortMessage).to.contain("upper case");
      expect(thrown(() => requireCreditCode("91350100M000100Y4")).shortMessage).to.contain("17 characters");
    });
  });

  describe("classifyIdentifier (what the CLI applies to a holder id)", function () {
    it("names the kind of valid identifiers and lets other ids through", function () {
      expect(classifyIdentifier("11010519491231002X")).to.equal("residentId");
      expect(classifyIdentifier("91350100M000100Y43")).to.equal("creditCode");
      expect(classifyIdentifier("E12345678")).to.equal("other"); // a passport number
      expect(classifyIdentifier("company-42")).to.equal("other");
    });

    it("refuses what looks like a mistyped resident ID or credit code", function () {
      expect(thrown(() => classifyIdentifier("110105194912310021")).kind).to.equal("residentId");
      expect(thrown(() => classifyIdentifier("11010519491231002")).kind).to.equal("residentId");
      expect(thrown(() => classifyIdentifier("91350100M000100Y44")).kind).to.equal("creditCode");
    });
  });
});
