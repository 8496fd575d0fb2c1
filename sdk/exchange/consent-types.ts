/**
 * The EIP-712 typed data subjects sign for DataExchange (its `RECORD_CONSENT_TYPEHASH` and
 * `REVOKE_CONSENT_TYPEHASH`): one definition for the SDK and the browser page. This module imports
 * nothing, so the page bundles it without the SDK's Node-only code.
 */

/** `RecordConsent(bytes32 department,bytes32 subject,bytes32 purpose,bytes32 dataset,uint40 expiresAt,uint256 nonce,uint256 deadline)` */
export const RECORD_CONSENT_TYPES = {
  RecordConsent: [
    { name: "department", type: "bytes32" },
    { name: "subject", type: "bytes32" },
    { name: "purpose", type: "bytes32" },
    { name: "dataset", type: "bytes32" },
    { name: "expiresAt", type: "uint40" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** `RevokeConsent(uint256 consentId,uint256 nonce,uint256 deadline)` */
export const REVOKE_CONSENT_TYPES = {
  RevokeConsent: [
    { name: "consentId", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** The EIP-712 domain as the contract's `eip712Domain()` reports it. */
export function consentDomain(d: { name: string; version: string; chainId: bigint; verifyingContract: string }) {
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}
