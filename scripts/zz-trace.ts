import { network } from "hardhat";
import { encodeUnitNumber, toTitleTuple } from "../sdk/index.js";
import { couple, doc, unitNo } from "../test/property/fixture.js";
import { deployStaffedSuite } from "../test/helpers/suite.js";
const connection = await network.create();
const suite = await deployStaffedSuite(connection);
const registrar = suite.propertyRegistry.connect(suite.staff.REGISTRY.officer);
const input = (n: number) => ({ unit: encodeUnitNumber(unitNo(n)), parcelRef: doc(`parcel ${n}`), planningPermit: doc(`permit ${n}`), usage: 1, area: 8_950, documentHash: doc(`application ${n}`) });
const tx = await registrar.registerUnit(input(1), toTitleTuple(couple("owner a 1", "owner b 1", 5_000)));
const r = await tx.wait();
console.log("gasUsed", r!.gasUsed, "calldata bytes", (tx.data.length - 2) / 2);
const provider = connection.ethers.provider;
const trace: any = await provider.send("debug_traceTransaction", [tx.hash, { disableStorage: true, disableMemory: true, disableStack: false }]);
const logs = trace.structLogs;
const byOp = new Map<string, number>();
const calls: string[] = [];
for (let i = 0; i < logs.length; i++) {
  const l = logs[i];
  let cost = l.gasCost;
  if (["CALL", "STATICCALL", "DELEGATECALL"].includes(l.op)) {
    // the gasCost of calls includes the gas forwarded; compute own overhead as gas before minus gas at first step of callee
    const next = logs[i + 1];
    if (next && next.depth === l.depth + 1) { cost = l.gas - next.gas; }
    const addr = l.stack[l.stack.length - 2];
    // find return
    let j = i + 1; while (j < logs.length && logs[j].depth > l.depth) j++;
    const inner = logs[j] ? l.gas - logs[j].gas : 0;
    calls.push(`${"  ".repeat(l.depth)}${l.op} to ${addr.slice(-8)} total ${inner} (overhead ${cost})`);
  }
  const key = l.op.startsWith("LOG") || ["SSTORE", "SLOAD", "CALL", "STATICCALL", "DELEGATECALL", "KECCAK256"].includes(l.op) ? l.op : "other";
  byOp.set(key, (byOp.get(key) ?? 0) + cost);
}
console.log([...byOp].sort((a, b) => b[1] - a[1]));
console.log(calls.join("\n"));
// sstores detail
for (let i = 0; i < logs.length; i++) if (logs[i].op === "SSTORE" || logs[i].op.startsWith("LOG")) console.log(logs[i].depth, logs[i].op, logs[i].gasCost);
await connection.close();
