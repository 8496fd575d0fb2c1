import { encodeBytes32String, id, ZeroHash } from "ethers";

import { gasOf } from "../gas.js";
import type { ModuleBench } from "../types.js";

const code = (s: string) => encodeBytes32String(s);

/**
 * The workflow engine: opening, each kind of approval, and consumption. The owner of the
 * benchmark types is an ordinary account standing in for a consuming contract (the gas is the
 * same: the owner check is one comparison).
 */
export const workflowBench: ModuleBench = async ({ connection, suite }) => {
  const { staff, signers, manifest } = suite;
  const workflow = await connection.ethers.getContractAt("Workflow", manifest.contracts.Workflow.proxy);
  const owner = signers[19];
  const day = 86_400;
  // Stage 0: TAX and PSB (any order); stage 1: HOUSING.
  await (
    await workflow.registerCaseType(code("BENCH_TRANSFER"), {
      owner: owner.address,
      openerDepartment: ZeroHash,
      departments: [
        { department: code("TAX"), stage: 0, quorum: 1 },
        { department: code("PSB"), stage: 0, quorum: 1 },
        { department: code("HOUSING"), stage: 1, quorum: 1 },
      ],
      stageDurations: [5 * day, 5 * day],
    })
  ).wait();
  await (
    await workflow.registerCaseType(code("BENCH_LICENCE"), {
      owner: "0x0000000000000000000000000000000000000000",
      openerDepartment: code("MARKET"),
      departments: [{ department: code("MARKET"), stage: 0, quorum: 2 }],
      stageDurations: [0],
    })
  ).wait();

  const doc = (n: number) => id(`document ${n}`);
  const gas: Record<string, number> = {};
  gas["workflow.openCase"] = await gasOf(
    workflow.connect(owner).openCase(code("BENCH_TRANSFER"), id("unit 110101"), doc(0)),
  );
  const caseId = await workflow.caseCount();
  gas["workflow.approve"] = await gasOf(workflow.connect(staff.TAX.officer).approve(caseId, code("TAX"), doc(1)));
  gas["workflow.approve.stageCompleting"] = await gasOf(
    workflow.connect(staff.PSB.officer).approve(caseId, code("PSB"), doc(2)),
  );
  gas["workflow.approve.final"] = await gasOf(
    workflow.connect(staff.HOUSING.officer).approve(caseId, code("HOUSING"), doc(3)),
  );
  gas["workflow.consumeCase"] = await gasOf(workflow.connect(owner).consumeCase(caseId));

  // A quorum counts only officers appointed before the case was opened: the second officer comes first.
  const second = signers[18];
  await (await suite.access.connect(staff.MARKET.admin).grantOfficer("MARKET", second.address)).wait();
  gas["workflow.openCase.byDepartment"] = await gasOf(
    workflow.connect(staff.MARKET.officer).openCase(code("BENCH_LICENCE"), id("company 1"), doc(4)),
  );
  const licence = await workflow.caseCount();
  gas["workflow.approve.quorumFirstSignature"] = await gasOf(
    workflow.connect(staff.MARKET.officer).approve(licence, code("MARKET"), doc(5)),
  );
  gas["workflow.approve.quorumFinal"] = await gasOf(workflow.connect(second).approve(licence, code("MARKET"), doc(6)));
  gas["workflow.consumeCase.byDepartment"] = await gasOf(workflow.connect(staff.MARKET.officer).consumeCase(licence));

  await (await workflow.connect(owner).openCase(code("BENCH_TRANSFER"), id("unit 2"), doc(7))).wait();
  const returned = await workflow.caseCount();
  gas["workflow.returnCase"] = await gasOf(
    workflow.connect(staff.TAX.officer).returnCase(returned, code("TAX"), "deed-tax declaration missing", doc(8)),
  );
  gas["workflow.resubmitCase"] = await gasOf(workflow.connect(owner).resubmitCase(returned, doc(9)));
  gas["workflow.reject"] = await gasOf(
    workflow.connect(staff.PSB.officer).reject(returned, code("PSB"), "identity check failed", doc(10)),
  );
  return { gas };
};
