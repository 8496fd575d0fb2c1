// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IReceiptLog} from "../exchange/IReceiptLog.sol";

/// @dev Bench only (bench/modules/indexer.ts): a grant's submitter contract that records many receipts in one
/// transaction, one `AccessRecorded` event each, through the receipt log's ordinary checks. The cheapest way the
/// suite allows to put 100,000 real suite events on a chain for the indexer to follow.
contract ReceiptRelayMock {
    function relay(IReceiptLog receiptLog, uint256 grantId, uint256 first, uint256 count) external {
        for (uint256 i = first; i < first + count; i++) {
            receiptLog.recordReceipt(grantId, keccak256(abi.encode("query", i)), keccak256(abi.encode("response", i)));
        }
    }
}
