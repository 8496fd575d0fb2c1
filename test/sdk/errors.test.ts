import { expect } from "chai";
import { AbiCoder, ErrorFragment, encodeBytes32String, id, Interface } from "ethers";

import { SUITE_ABIS } from "../../sdk/abis.js";
import {
  ConflictError,
  decodeRevertData,
  ERROR_CATALOGUE,
  GovChainError,
  NetworkError,
  NotFoundError,
  toGovChainError,
  TransactionFailedError,
  UnknownRevertError,
} from "../../sdk/index.js";

const suiteErrorNames = () =>
  new Set(
    SUITE_ABIS.flatMap((abi) =>
      new Interface(abi).fragments.filter((f): f is ErrorFragment => f instanceof ErrorFragment).map((f) => f.name),
    ),
  );

describe("SDK errors", function () {
  it("has a readable message for every custom error of every suite contract", function () {
    const missing = [...suiteErrorNames()].filter((name) => ERROR_CATALOGUE[name] === undefined);
    expect(missing, "add these to sdk/errors/catalogue").to.deep.equal([]);
  });

  it("lists no error that no suite contract can raise", function () {
    const known = suiteErrorNames();
    expect(Object.keys(ERROR_CATALOGUE).filter((name) => !known.has(name))).to.deep.equal([]);
  });

  it("decodes a custom error into its typed class, with named arguments and a sentence", function () {
    const data =
      id("DepartmentDirectoryDuplicateCode(bytes32)").slice(0, 10) +
      AbiCoder.defaultAbiCoder()
        .encode(["bytes32"], [encodeBytes32String("TAX")])
        .slice(2);
    const error = decodeRevertData(data)!;
    expect(error).to.be.instanceOf(ConflictError);
    expect(error.errorName).to.equal("DepartmentDirectoryDuplicateCode");
    expect(error.args.code).to.equal(encodeBytes32String("TAX"));
    expect(error.shortMessage).to.equal("department TAX is already registered");
  });

  it("keeps the original error as the cause, reachable with walk()", function () {
    const data = id("DepartmentDirectoryUnknownDepartment(bytes32)").slice(0, 10) + "00".repeat(32);
    const original = Object.assign(new Error("execution reverted"), { data });
    const error = toGovChainError(original, "read department");
    expect(error).to.be.instanceOf(NotFoundError);
    expect(error.cause).to.equal(original);
    expect(error.walk()).to.equal(original);
    expect(error.walk((e) => e instanceof NotFoundError)).to.equal(error);
  });

  it("finds revert data nested in provider errors", function () {
    const data = id("DepartmentDirectoryInvalidCode()").slice(0, 10);
    const nested = { message: "call failed", error: { info: { error: { data } } } };
    expect(toGovChainError(nested, "x")).to.have.property("errorName", "DepartmentDirectoryInvalidCode");
  });

  it("decodes require messages and panics, and names unknown selectors", function () {
    const message = "0x08c379a0" + AbiCoder.defaultAbiCoder().encode(["string"], ["no"]).slice(2);
    expect(decodeRevertData(message)!.shortMessage).to.equal("the contract reverted: no");
    const panic = "0x4e487b71" + AbiCoder.defaultAbiCoder().encode(["uint256"], [0x11]).slice(2);
    expect(decodeRevertData(panic)!.shortMessage).to.equal("the contract panicked (code 0x11)");
    const unknown = decodeRevertData("0xdeadbeef")!;
    expect(unknown).to.be.instanceOf(UnknownRevertError);
    expect(unknown.shortMessage).to.contain("0xdeadbeef");
  });

  it("classifies transient RPC failures as NetworkError and everything else as TransactionFailedError", function () {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" });
    expect(toGovChainError(refused, "send")).to.be.instanceOf(NetworkError);
    const other = toGovChainError(new Error("out of gas"), "send");
    expect(other).to.be.instanceOf(TransactionFailedError);
    expect(other).to.be.instanceOf(GovChainError);
    expect(other.shortMessage).to.equal("send failed: out of gas");
  });
});
