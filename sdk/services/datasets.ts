import { decodeBytes32String, type Signer } from "ethers";

import { decodeDepartmentCode } from "../access/departments.js";

import { scanBlocks } from "../core/logs.js";
import { ValidationError } from "../errors/base.js";
import { toGovChainError } from "../errors/decode.js";
import type { Dataset } from "../exchange/client.js";
import type { GovChain } from "../govchain.js";
import { datasetHashes } from "./definition.js";
import type { ServicePlan } from "./plan.js";

/** Every dataset of the exchange's catalogue (from `DatasetRegistered`, then its current state), oldest first. */
export async function listDatasets(gov: GovChain): Promise<(Dataset & { registeredBlock: number })[]> {
  const contract = gov.exchange.contract;
  let logs: { topics: readonly string[]; blockNumber: number }[];
  try {
    logs = await scanBlocks(
      contract.runner!.provider!,
      gov.manifest.deploymentBlock,
      (from, to) => contract.queryFilter(contract.filters.DatasetRegistered(), from, to),
      { maxRange: gov.exchange.logsMaxRange },
    );
  } catch (error) {
    throw toGovChainError(error, "list datasets");
  }
  return Promise.all(
    logs.map(async (log) => ({ ...(await gov.exchange.dataset(log.topics[1])), registeredBlock: log.blockNumber })),
  );
}

/** Every participant role the registry defined (from `ParticipantRoleDefined`), with its department; [] without a registry. */
export async function listParticipantRoles(
  gov: GovChain,
): Promise<{ code: string; department: string; registeredBlock: number }[]> {
  const participants = gov.participants;
  if (participants === undefined) return [];
  const contract = participants.contract;
  let logs: { topics: readonly string[]; blockNumber: number }[];
  try {
    logs = await scanBlocks(
      contract.runner!.provider!,
      gov.manifest.deploymentBlock,
      (from, to) => contract.queryFilter(contract.filters.ParticipantRoleDefined(), from, to),
      { maxRange: participants.logsMaxRange },
    );
  } catch (error) {
    throw toGovChainError(error, "list participant roles");
  }
  return logs.map((log) => ({
    code: decodeBytes32String(log.topics[1]),
    department: decodeDepartmentCode(log.topics[2]),
    registeredBlock: log.blockNumber,
  }));
}

/** What {@link applyDatasets} did and what it left for another department's officer. */
export interface DatasetsApplied {
  applied: { label: string; action: "register" | "update"; id: string }[];
  /** Datasets the signer is not an officer of the owner of: that owner's officer applies the file too. */
  waiting: { label: string; owner: string }[];
}

/**
 * Registers (or updates) the plan's datasets whose owner the connected signer is an officer of: a dataset is its
 * owner's word on what it shares, so only the owner's officer may put it on chain (the council cannot).
 */
export async function applyDatasets(gov: GovChain, plan: ServicePlan): Promise<DatasetsApplied> {
  const signer = gov.runner as Partial<Signer>;
  if (typeof signer.getAddress !== "function") {
    throw new ValidationError("signer", "registering datasets needs a signer (an officer of their owner department)");
  }
  const account = await signer.getAddress();
  const result: DatasetsApplied = { applied: [], waiting: [] };
  for (const change of plan.changes) {
    if (change.kind !== "dataset") continue;
    if (!(await gov.access.isOfficer(change.owner, account))) {
      result.waiting.push({ label: change.label, owner: change.owner });
      continue;
    }
    const hashes = datasetHashes(change.dataset);
    if (change.action === "register") {
      await (
        await gov.exchange.registerDataset({
          id: change.id,
          owner: change.owner,
          ...hashes,
          classification: change.dataset.classification,
          personal: change.dataset.personal ?? false,
          cosigner: change.dataset.cosigner,
        })
      ).wait();
    } else {
      await (await gov.exchange.updateDataset(change.id, hashes)).wait();
    }
    result.applied.push({ label: change.label, action: change.action, id: change.id });
  }
  return result;
}
