import type { Log } from "ethers";

import { EstateServices__factory } from "../../typechain-types/index.js";
import { decodeDepartmentCode } from "../access/departments.js";
import type { UnitHistory } from "../property/client.js";
import { toTaxAudit, type TaxAudit } from "./client.js";

export type { TaxAudit };

const estateInterface = EstateServices__factory.createInterface();

/** Adds one EstateServices event about the unit (its first topic) to the unit's history (PropertyClient.history). */
export function addEstateEvent(history: UnitHistory, log: Log): void {
  const parsed = estateInterface.parseLog(log);
  if (parsed === null) return;
  const a = parsed.args;
  switch (parsed.name) {
    case "TaxAuditRecorded":
      history.taxAudits.push(toTaxAudit(a as never, log.blockNumber));
      break;
    case "DepositRecorded":
      history.deposits.push({
        caseId: a.caseId,
        bank: decodeDepartmentCode(a.bank),
        band: Number(a.band),
        blockNumber: log.blockNumber,
      });
      break;
    case "UtilityStepsOpened":
      history.utilityStepsOpened.push({ caseId: a.caseId, providers: [...a.providers], blockNumber: log.blockNumber });
      break;
  }
}
