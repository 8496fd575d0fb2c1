/* global process, console */
// An agency's JavaScript, as it would be written in its own project after
// `npm install govchain-<version>.tgz`: verify a certificate and read the departments, read-only.
//   node consumer.mjs <rpc-url> <manifest.json> <certificate.json>
import { readFileSync } from "node:fs";

import { JsonRpcProvider } from "ethers";
import { GovChain, loadManifest } from "govchain";

const [url, manifestFile, documentFile] = process.argv.slice(2);
const provider = new JsonRpcProvider(url);
const gov = await GovChain.connect(provider, loadManifest(manifestFile));
const verification = await gov.certificates.verify(JSON.parse(readFileSync(documentFile, "utf8")));
const departments = await gov.access.departments();
console.log(JSON.stringify({ valid: verification.valid, departments: departments.map((d) => d.code) }));
provider.destroy();
