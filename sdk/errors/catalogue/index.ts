import { accessErrors } from "./access.js";
import { certificateErrors } from "./certificates.js";
import { exchangeErrors } from "./exchange.js";
import { governanceErrors } from "./governance.js";
import { propertyErrors } from "./property.js";
import { openZeppelinErrors } from "./openzeppelin.js";
import { oneStopErrors } from "./onestop.js";
import type { ErrorCatalogue } from "./types.js";
import { workflowErrors } from "./workflow.js";
import { logisticsErrors } from "./logistics.js";
import { estateErrors } from "./estate.js";
import { billErrors } from "./bills.js";
import { financeErrors } from "./finance.js";

export type { ErrorCatalogue, ErrorEntry } from "./types.js";

/** Every custom error of the suite, by name. A test fails when a contract gains one not listed here. */
export const ERROR_CATALOGUE: ErrorCatalogue = {
  ...openZeppelinErrors,
  ...accessErrors,
  ...certificateErrors,
  ...workflowErrors,
  ...exchangeErrors,
  ...propertyErrors,
  ...governanceErrors,
  ...logisticsErrors,
  ...oneStopErrors,
  ...estateErrors,
  ...billErrors,
  ...financeErrors,
};
