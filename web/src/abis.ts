/**
 * The browser build's stand-in for sdk/abis.ts (swapped in by web/vite.config.ts): the SDK decodes
 * the custom errors of every suite contract, the page reads only these, so it bundles only their
 * ABIs. An error of another contract still shows, undecoded, as "cannot verify now".
 */
import type { InterfaceAbi } from "ethers";

import { CertificateRegistry__factory } from "../../typechain-types/factories/contracts/certificates/CertificateRegistry__factory.js";
import { DataExchange__factory } from "../../typechain-types/factories/contracts/exchange/DataExchange__factory.js";
import { ReceiptLog__factory } from "../../typechain-types/factories/contracts/exchange/ReceiptLog__factory.js";
import { Workflow__factory } from "../../typechain-types/factories/contracts/workflow/Workflow__factory.js";

export const SUITE_ABIS: readonly InterfaceAbi[] = [
  CertificateRegistry__factory.abi,
  Workflow__factory.abi,
  DataExchange__factory.abi,
  ReceiptLog__factory.abi,
];
