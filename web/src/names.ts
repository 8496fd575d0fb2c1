/**
 * Names instead of codes: the city file's names (generated into the build by web/vite.config.ts)
 * for the codes the chain holds, in the page's language, with the code after it.
 */
import table from "virtual:govchain-names";

import { currentLang, t, type Key } from "./i18n.js";

type Kind = "departments" | "certificateTypes" | "caseTypes";

let cityOfChain: string | undefined;

/** Names apply only when the chain's manifest is of the city the page was built for (or says no city). */
export function useNamesFor(city: string | undefined): void {
  cityOfChain = city;
}

/** "北京市市场监督管理局 (MARKET)" / "Beijing Municipal Administration for Market Regulation (MARKET)", else the code. */
export function named(kind: Kind, code: string): string {
  if (cityOfChain !== undefined && cityOfChain !== table.city) return code;
  const names = table[kind][code];
  const name = currentLang() === "zh" ? (names?.zh ?? names?.en) : (names?.en ?? names?.zh);
  return name === undefined ? code : `${name} (${code})`;
}

/** A certificate or consent status as a word. */
export function statusWord(status: string): string {
  const key = `status_${status}` as Key;
  const word = t(key);
  return word === key ? status : word;
}
