// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {DepartmentGated} from "../access/DepartmentGated.sol";
import {IDepartmentDirectory} from "../access/IDepartmentDirectory.sol";
import {IParticipantRegistry} from "../access/IParticipantRegistry.sol";
import {ICertificateRegistry} from "../certificates/ICertificateRegistry.sol";
import {IBillReimbursement} from "./IBillReimbursement.sol";

/**
 * @title BillReimbursement
 * @notice Lock / close / unlock of electronic bills by accredited reimbursing organisations (see {IBillReimbursement}).
 * @dev Gas is the product (a fund locks thousands of bills a day): one slot per bill ({Claim}: reimburser, state,
 * time), the caller's accreditation asked once per call, and the validity of all singly issued bills of a call read
 * in one registry call ({ICertificateRegistry-statuses}). Validity is the registry's rule, read at lock time only:
 * a bill revoked after its lock stays locked, and the reimbursing organisation decides whether to close it.
 */
contract BillReimbursement is DepartmentGated, IBillReimbursement {
    /// @custom:storage-location erc7201:govchain.storage.BillReimbursement
    struct BillReimbursementStorage {
        ICertificateRegistry certificates;
        IParticipantRegistry participants;
        mapping(bytes32 certType => bytes32 role) reimburserRoles;
        /// @dev Keyed by keccak256(type, hash): the same key for a bill issued singly or in any batch.
        mapping(bytes32 billId => Claim) claims;
    }

    // keccak256(abi.encode(uint256(keccak256("govchain.storage.BillReimbursement")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION = 0xe83849faf19dd2163a2a7cbae6cc915ffc2281ee1b87bccb810daef1d6c47400;

    /**
     * @notice Initializes the proxy.
     * @param authority The suite's AccessManager.
     * @param directory_ The department directory.
     * @param certificates_ The certificate registry (bill validity).
     * @param participants_ The participant registry (reimbursers' accreditation).
     */
    function initialize(
        address authority,
        IDepartmentDirectory directory_,
        ICertificateRegistry certificates_,
        IParticipantRegistry participants_
    ) external initializer {
        __DepartmentGated_init(authority, directory_);
        if (address(certificates_) == address(0) || address(participants_) == address(0)) {
            revert BillReimbursementZeroAddress();
        }
        BillReimbursementStorage storage $ = _getStorage();
        $.certificates = certificates_;
        $.participants = participants_;
    }

    /// @inheritdoc IBillReimbursement
    function setBillType(bytes32 certType, bytes32 role) external restricted {
        BillReimbursementStorage storage $ = _getStorage();
        if (role != bytes32(0)) {
            // Both must exist: an unknown type or role reverts in its registry.
            $.certificates.certificateType(certType);
            if ($.participants.roleDepartment(role) == bytes32(0)) {
                revert IParticipantRegistry.ParticipantRegistryUnknownRole(role);
            }
        }
        $.reimburserRoles[certType] = role;
        emit BillTypeSet(certType, role, msg.sender);
    }

    /// @inheritdoc IBillReimbursement
    function lock(bytes32 certType, bytes32[] calldata certHashes) external restricted {
        BillReimbursementStorage storage $ = _getStorage();
        _checkReimburser($, certType, certHashes.length);
        ICertificateRegistry.Status[] memory statuses = $.certificates.statuses(certType, certHashes);
        for (uint256 i = 0; i < certHashes.length; ++i) {
            if (statuses[i] != ICertificateRegistry.Status.Active) {
                revert BillReimbursementInvalidBill(certType, certHashes[i], statuses[i]);
            }
            _lock($, certType, certHashes[i]);
        }
    }

    /// @inheritdoc IBillReimbursement
    function lockInBatch(
        bytes32 certType,
        bytes32 root,
        bytes32[] calldata certHashes,
        bytes32[][] calldata proofs
    ) external restricted {
        BillReimbursementStorage storage $ = _getStorage();
        if (proofs.length != certHashes.length) revert BillReimbursementInvalidInput();
        _checkReimburser($, certType, certHashes.length);
        ICertificateRegistry certificates = $.certificates;
        uint64 now_ = uint64(block.timestamp);
        for (uint256 i = 0; i < certHashes.length; ++i) {
            // The registry's own batch view: the proof, the batch's state and window, the leaf's suspension or
            // revocation in this batch, and a revocation of the (type, hash) anywhere.
            ICertificateRegistry.Status status = certificates.batchStatusAt(
                certType,
                root,
                certHashes[i],
                proofs[i],
                now_
            );
            if (status != ICertificateRegistry.Status.Active) {
                revert BillReimbursementInvalidBill(certType, certHashes[i], status);
            }
            _lock($, certType, certHashes[i]);
        }
    }

    /// @inheritdoc IBillReimbursement
    function close(bytes32 certType, bytes32[] calldata certHashes) external restricted {
        BillReimbursementStorage storage $ = _getStorage();
        _checkReimburser($, certType, certHashes.length);
        _release($, certType, certHashes, State.Closed);
    }

    /// @inheritdoc IBillReimbursement
    function unlock(bytes32 certType, bytes32[] calldata certHashes) external restricted {
        if (certHashes.length == 0) revert BillReimbursementInvalidInput();
        _release(_getStorage(), certType, certHashes, State.Unlocked);
    }

    /// @inheritdoc IBillReimbursement
    function reimburserRole(bytes32 certType) external view returns (bytes32) {
        return _getStorage().reimburserRoles[certType];
    }

    /// @inheritdoc IBillReimbursement
    function claimOf(bytes32 certType, bytes32 certHash) external view returns (Claim memory) {
        return _getStorage().claims[_id(certType, certHash)];
    }

    /// @inheritdoc IBillReimbursement
    function claims(bytes32 certType, bytes32[] calldata certHashes) external view returns (Claim[] memory result) {
        BillReimbursementStorage storage $ = _getStorage();
        result = new Claim[](certHashes.length);
        for (uint256 i = 0; i < certHashes.length; ++i) result[i] = $.claims[_id(certType, certHashes[i])];
    }

    /// @notice The certificate and participant registries this contract reads.
    function registries() external view returns (ICertificateRegistry certificates, IParticipantRegistry participants) {
        BillReimbursementStorage storage $ = _getStorage();
        return ($.certificates, $.participants);
    }

    /// @dev The type is reimbursable, bills are given, and the caller is accredited in its reimburser role now
    /// (the participant registry's rule: window, revocation, owning department active).
    function _checkReimburser(BillReimbursementStorage storage $, bytes32 certType, uint256 count) private view {
        if (count == 0) revert BillReimbursementInvalidInput();
        bytes32 role = $.reimburserRoles[certType];
        if (role == bytes32(0)) revert BillReimbursementUnknownBillType(certType);
        $.participants.checkAccredited(role, msg.sender);
    }

    /// @dev A bill nobody holds (never locked, or unlocked) becomes the caller's; anything else is refused.
    /// The slot is read and written as one word (the {Claim} layout: reimburser, state << 160, changedAt << 168),
    /// so a lock costs one cold read and one write whatever the compiler makes of a struct assignment.
    function _lock(BillReimbursementStorage storage $, bytes32 certType, bytes32 certHash) private {
        Claim storage claim = $.claims[_id(certType, certHash)];
        uint256 word;
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            word := sload(claim.slot)
        }
        State state = State(uint8(word >> 160));
        if (state == State.Locked || state == State.Closed) {
            revert BillReimbursementUnavailable(certType, certHash, state, address(uint160(word)));
        }
        word = uint256(uint160(msg.sender)) | (uint256(uint8(State.Locked)) << 160) | (block.timestamp << 168);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            sstore(claim.slot, word)
        }
        emit BillLocked(certType, certHash, msg.sender);
    }

    /// @dev Moves bills the caller holds locked to `to` (Closed or Unlocked).
    function _release(
        BillReimbursementStorage storage $,
        bytes32 certType,
        bytes32[] calldata certHashes,
        State to
    ) private {
        for (uint256 i = 0; i < certHashes.length; ++i) {
            bytes32 certHash = certHashes[i];
            Claim storage claim = $.claims[_id(certType, certHash)];
            address reimburser = claim.reimburser;
            State state = claim.state;
            if (state != State.Locked || reimburser != msg.sender) {
                revert BillReimbursementNotLocker(certType, certHash, msg.sender, state, reimburser);
            }
            claim.state = to;
            claim.changedAt = uint40(block.timestamp);
            if (to == State.Closed) emit BillClosed(certType, certHash, msg.sender);
            else emit BillUnlocked(certType, certHash, msg.sender);
        }
    }

    function _id(bytes32 certType, bytes32 certHash) private pure returns (bytes32 id) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            mstore(0x00, certType)
            mstore(0x20, certHash)
            id := keccak256(0x00, 0x40)
        }
    }

    function _getStorage() private pure returns (BillReimbursementStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly {
            $.slot := STORAGE_LOCATION
        }
    }
}
