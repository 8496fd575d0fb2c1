// The same as consumer.mjs in TypeScript, type-checked by tsc against the package's declarations.
//   tsc -p . && node build/consumer.mjs <rpc-url> <manifest.json> <certificate.json>
import { readFileSync } from "node:fs";

import { JsonRpcProvider } from "ethers";
import { GovChain, loadManifest, type CertificateDocument, type Department, type VerificationResult } from "govchain";

const [url, manifestFile, documentFile] = process.argv.slice(2);
const provider = new JsonRpcProvider(url);
const gov: GovChain = await GovChain.connect(provider, loadManifest(manifestFile));
const document = JSON.parse(readFileSync(documentFile, "utf8")) as CertificateDocument;
const verification: VerificationResult = await gov.certificates.verify(document);
const departments: Department[] = await gov.access.departments();
const codes: string[] = departments.map((d) => d.code);
console.log(JSON.stringify({ valid: verification.valid, departments: codes }));
provider.destroy();
