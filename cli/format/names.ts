/**
 * Names for codes: departments, certificate types and case types in Chinese and English, from the
 * city file the deployment was made from (the chain holds codes and English department names).
 */
import { existsSync } from "node:fs";

import { cityConfigPath, departmentJurisdiction, loadCityConfig } from "../../config/city.js";

/** A code's names: English, and Chinese when the city file gives one. */
export interface Names {
  name?: string;
  nameZh?: string;
}

export interface CityNames {
  departments: Map<string, Names>;
  certificateTypes: Map<string, Names>;
  caseTypes: Map<string, Names>;
  /** Each department's jurisdiction (its own, else the city's), when the city file lists jurisdictions. */
  jurisdictions: Map<string, Names & { code: string }>;
}

/**
 * The names in the city file (`GOVCHAIN_CITY_CONFIG`, else Beijing's) when it describes the
 * manifest's city; empty maps otherwise (names are a courtesy: a missing file never fails a command).
 */
export function cityNames(city: string): CityNames {
  const names: CityNames = {
    departments: new Map(),
    certificateTypes: new Map(),
    caseTypes: new Map(),
    jurisdictions: new Map(),
  };
  const file = cityConfigPath();
  if (!existsSync(file)) return names;
  try {
    const config = loadCityConfig(file);
    if (config.city !== city) return names;
    for (const d of config.departments) {
      names.departments.set(d.code, { name: d.name, nameZh: d.nameZh });
      const jurisdiction = departmentJurisdiction(config, d);
      if (jurisdiction !== undefined) names.jurisdictions.set(d.code, jurisdiction);
    }
    for (const t of config.certificateTypes ?? [])
      names.certificateTypes.set(t.code, { name: t.name, nameZh: t.nameZh });
    for (const t of config.caseTypes ?? []) names.caseTypes.set(t.id, { name: t.name, nameZh: t.nameZh });
  } catch {
    // an unreadable city file only costs the names
  }
  return names;
}

/** "北京市市场监督管理局 / Beijing Municipal Administration for Market Regulation", or what of it is known. */
export function bilingual(names: Names | undefined, fallback = ""): string {
  const parts = [names?.nameZh, names?.name ?? fallback].filter((p): p is string => p !== undefined && p !== "");
  return parts.join(" / ");
}

/** "MARKET (北京市市场监督管理局 / Beijing Municipal ...)" for a department code. */
export function departmentLabel(names: CityNames, code: string): string {
  const label = bilingual(names.departments.get(code));
  return label === "" ? code : `${code} (${label})`;
}
