import { expect } from "chai";

import { approvalSentence } from "../../cli/format/approval.js";
import { localTime, span } from "../../cli/format/time.js";
import type { ApprovalProgress } from "../../sdk/index.js";

describe("CLI formatting (no node)", function () {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  describe("localTime", function () {
    it("shows unix seconds as ISO 8601 in the local time zone, with its offset", function () {
      process.env.TZ = "Asia/Shanghai";
      expect(localTime(1_764_475_200n)).to.equal("2025-11-30T12:00:00+08:00");
      process.env.TZ = "UTC";
      expect(localTime(1_764_475_200)).to.equal("2025-11-30T04:00:00Z");
      process.env.TZ = "America/St_Johns"; // a half-hour zone, behind UTC
      expect(localTime(1_764_475_200)).to.equal("2025-11-30T00:30:00-03:30");
    });

    it("shows none as -", function () {
      expect(localTime(0)).to.equal("-");
      expect(localTime(undefined)).to.equal("-");
    });
  });

  it("span: the two largest units", function () {
    expect(span(432000)).to.equal("5d");
    expect(span(90061)).to.equal("1d 1h");
    expect(span(45)).to.equal("45s");
    expect(span(-3600)).to.equal("-1h");
    expect(span(0)).to.equal("no deadline");
  });

  describe("approvalSentence", function () {
    const base: ApprovalProgress = {
      caseId: 7n,
      caseType: "BUSINESS_LICENCE",
      department: "MARKET",
      signatures: 1,
      quorum: 2,
      departmentApproved: false,
      status: "open",
      stage: 2,
      stageCount: 2,
      pending: ["MARKET"],
    };

    it("counts signatures against the quorum until the department approved", function () {
      expect(approvalSentence(base)).to.equal(
        "case 7: 1 of 2 signatures for MARKET; MARKET needs 1 more from another officer before it has approved",
      );
    });

    it("says what the case waits for next once the department approved", function () {
      process.env.TZ = "UTC";
      expect(
        approvalSentence({
          ...base,
          department: "PSB",
          signatures: 1,
          quorum: 1,
          departmentApproved: true,
          stage: 2,
          pending: ["MARKET"],
          deadline: 1_764_475_200n,
        }),
      ).to.equal(
        "case 7: 1 of 1 signature for PSB; PSB approved; the case is open, stage 2 of 2, waiting for MARKET (deadline 2025-11-30T04:00:00Z)",
      );
      expect(approvalSentence({ ...base, signatures: 2, departmentApproved: true, status: "approved" })).to.equal(
        "case 7: 2 of 2 signatures for MARKET; MARKET approved; every stage is approved: the case is approved and can be consumed",
      );
    });
  });
});
