import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";

import { isHexString } from "ethers";

import { encodeDepartmentCode } from "../access/departments.js";
import { ValidationError } from "../errors/base.js";
import { newReceiptSecret } from "./hashing.js";

/** The secrets file: `GOVCHAIN_RECEIPT_SECRETS`, else `~/.govchain/receipt-secrets.json`. */
export function defaultReceiptSecretsFile(): string {
  return process.env.GOVCHAIN_RECEIPT_SECRETS ?? path.join(homedir(), ".govchain", "receipt-secrets.json");
}

interface SecretsFile {
  version: 1;
  /** Department code → its receipt secret (32-byte hex). */
  departments: Record<string, string>;
}

/**
 * A department's receipt secrets, in a JSON file readable by its owner alone (mode 0600; a file
 * that group or others can read is refused). The secrets never go on chain: grant keys are derived
 * from them (`grantReceiptKey`), and only keyed hashes are recorded.
 */
export class ReceiptSecrets {
  private constructor(
    readonly file: string,
    private readonly data: SecretsFile,
  ) {}

  /** Opens `file` (default {@link defaultReceiptSecretsFile}); a missing file is an empty store. */
  static open(file: string = defaultReceiptSecretsFile()): ReceiptSecrets {
    if (!existsSync(file)) return new ReceiptSecrets(file, { version: 1, departments: {} });
    if (process.platform !== "win32" && (statSync(file).mode & 0o077) !== 0) {
      throw new ValidationError(
        "receipt secrets",
        `${file} is readable by others (mode ${(statSync(file).mode & 0o777).toString(8)}): chmod 600 it`,
      );
    }
    let data: SecretsFile;
    try {
      data = JSON.parse(readFileSync(file, "utf8")) as SecretsFile;
    } catch (error) {
      throw new ValidationError("receipt secrets", `${file} is not valid JSON`, { cause: error });
    }
    if (data.version !== 1 || typeof data.departments !== "object" || data.departments === null) {
      throw new ValidationError("receipt secrets", `${file} is not a version 1 receipt secrets file`);
    }
    for (const [code, secret] of Object.entries(data.departments)) {
      if (!isHexString(secret, 32)) throw new ValidationError("receipt secrets", `${file}: ${code} is not 32-byte hex`);
    }
    return new ReceiptSecrets(file, data);
  }

  /** The department's secret, or undefined. */
  get(department: string): string | undefined {
    encodeDepartmentCode(department);
    return this.data.departments[department];
  }

  /** The department's secret; created (and the file written, mode 0600) when it has none. */
  getOrCreate(department: string): string {
    const existing = this.get(department);
    if (existing !== undefined) return existing;
    const secret = newReceiptSecret();
    this.data.departments[department] = secret;
    this.save();
    return secret;
  }

  private save(): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileSync(this.file, `${JSON.stringify(this.data, null, 2)}\n`, { mode: 0o600 });
    chmodSync(this.file, 0o600);
  }
}
