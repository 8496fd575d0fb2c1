/**
 * The EVM versions govchain builds for. Private chains (Besu, geth) often run an older fork
 * than public Ethereum; `EVM_VERSION` selects the compile target and the in-process chain's
 * hardfork together so tests run what a private network will run.
 */
export const SUPPORTED_EVM_VERSIONS = ["london", "paris", "shanghai", "cancun", "prague"] as const;
export type EvmVersion = (typeof SUPPORTED_EVM_VERSIONS)[number];

/** Cancun: the oldest fork with MCOPY and transient storage, run by Besu and geth since 2024. */
export const DEFAULT_EVM_VERSION: EvmVersion = "cancun";

export function evmVersion(raw: string | undefined): EvmVersion {
  if (raw === undefined || raw === "") return DEFAULT_EVM_VERSION;
  const wanted = raw.toLowerCase();
  if (!(SUPPORTED_EVM_VERSIONS as readonly string[]).includes(wanted)) {
    throw new Error(`EVM_VERSION=${raw} is not supported; use one of ${SUPPORTED_EVM_VERSIONS.join(", ")}`);
  }
  return wanted as EvmVersion;
}

/** The in-process chain's hardfork name for a compile target ("paris" is "merge" there). */
export function hardforkFor(version: EvmVersion): string {
  return version === "paris" ? "merge" : version;
}
