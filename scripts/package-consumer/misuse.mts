// Must NOT type-check: proves the package's types are real, not `any`.
import { GovChain } from "govchain";

const gov = await GovChain.connect("http://127.0.0.1:8545", {});
const valid: string = (await gov.certificates.verify({ certType: 1 })).valid;
console.log(valid);
