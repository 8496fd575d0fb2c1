// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {ICertificateIssuer} from "../certificates/ICertificateIssuer.sol";

/// @dev A stand-in for the certificates module in unit tests: one authorised issuer, supersession, no expiry rules.
contract CertificateIssuerMock is ICertificateIssuer {
    struct Certificate {
        bytes32 certType;
        bytes32 subject;
        uint64 validFrom;
        uint64 validUntil;
        bool issued;
        bool superseded;
    }

    error CertificateIssuerMockUnauthorized(address caller);
    error CertificateIssuerMockDuplicate(bytes32 certHash);

    event Issued(bytes32 indexed certType, bytes32 indexed certHash, bytes32 subject, bytes32 supersedes);

    mapping(bytes32 certHash => Certificate) public certificates;
    address public issuer;

    function setIssuer(address issuer_) external {
        issuer = issuer_;
    }

    function issueFor(
        bytes32 certType,
        bytes32 certHash,
        bytes32 subject,
        uint64 validFrom,
        uint64 validUntil,
        bytes32 supersedes
    ) external {
        if (msg.sender != issuer) revert CertificateIssuerMockUnauthorized(msg.sender);
        if (certificates[certHash].issued) revert CertificateIssuerMockDuplicate(certHash);
        // Like the registry: a previous certificate still current is superseded, any other is left as it is.
        if (supersedes != bytes32(0) && certificates[supersedes].issued) certificates[supersedes].superseded = true;
        certificates[certHash] = Certificate(certType, subject, validFrom, validUntil, true, false);
        emit Issued(certType, certHash, subject, supersedes);
    }

    /// @dev Batches are not modelled by this stand-in (the property registry issues none).
    function issueBatchFor(bytes32, bytes32, uint256, uint64, uint64) external view {
        if (msg.sender != issuer) revert CertificateIssuerMockUnauthorized(msg.sender);
    }

    function revokeFor(bytes32 certType, bytes32 certHash, uint16) external {
        if (msg.sender != issuer) revert CertificateIssuerMockUnauthorized(msg.sender);
        Certificate storage c = certificates[certHash];
        if (c.issued && c.certType == certType) c.superseded = true;
    }

    function isValid(bytes32 certType, bytes32 certHash) external view returns (bool) {
        Certificate storage c = certificates[certHash];
        return
            c.issued &&
            c.certType == certType &&
            !c.superseded &&
            c.validFrom <= block.timestamp &&
            (c.validUntil == 0 || block.timestamp < c.validUntil);
    }
}
