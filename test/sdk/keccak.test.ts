import { randomBytes } from "node:crypto";

import { keccak_256 } from "@noble/hashes/sha3.js";
import { expect } from "chai";
import { hexlify, keccak256 } from "ethers";

import { keccak256Bytes } from "../../sdk/certificates/keccak.js";

/** The SDK's unrolled Keccak-256 against @noble/hashes and ethers: every length across several blocks, and random inputs. */
describe("keccak256Bytes (the batch path's Keccak)", function () {
  it("equals @noble/hashes' keccak_256 on every length from 0 to 700 bytes (block edges at 135, 136, 271, 272 ...)", function () {
    for (let n = 0; n <= 700; n++) {
      const data = randomBytes(n);
      expect(hexlify(keccak256Bytes(data)), `${n} bytes`).to.equal(hexlify(keccak_256(data)));
    }
  });

  it("equals ethers' keccak256 on known and random inputs", function () {
    expect(hexlify(keccak256Bytes(new Uint8Array(0)))).to.equal(
      "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
    );
    expect(hexlify(keccak256Bytes(new TextEncoder().encode("abc")))).to.equal(
      "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
    );
    for (let i = 0; i < 200; i++) {
      const data = randomBytes(Math.floor(Math.random() * 2_000));
      expect(hexlify(keccak256Bytes(data))).to.equal(keccak256(data));
    }
    // A subarray of a larger buffer hashes its own bytes only.
    const big = randomBytes(400);
    expect(hexlify(keccak256Bytes(big.subarray(7, 300)))).to.equal(keccak256(big.subarray(7, 300)));
  });
});
