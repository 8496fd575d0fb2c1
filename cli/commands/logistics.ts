import type { Command } from "commander";

import {
  containerEntryId,
  GovChainError,
  normaliseAwb,
  shipmentId,
  type ContainerClearanceClient,
  type GovChain,
  type ShipmentsClient,
} from "../../sdk/index.js";
import { govchain, type GlobalOptions } from "../context.js";
import { hashOrFile } from "../input.js";
import { print, table } from "../output.js";

type Globals = () => GlobalOptions;

/** The deployment's logistics contracts, or one clear line when it does not run them. */
function shipmentsOf(gov: GovChain): ShipmentsClient {
  if (gov.shipments === undefined) throw new GovChainError("this deployment does not run airport logistics");
  return gov.shipments;
}
function portsOf(gov: GovChain): ContainerClearanceClient {
  if (gov.ports === undefined) throw new GovChainError("this deployment does not run port clearance");
  return gov.ports;
}

const NO_DOCUMENT = `0x${"00".repeat(32)}`;
const hashOf = (field: string, value: string | undefined) =>
  value === undefined ? NO_DOCUMENT : hashOrFile(field, value);

/**
 * `govchain logistics shipment|container ...`: airport shipments and port containers, for the participants
 * (forwarders, merchants, airlines, the airport operator, terminals: `--account` is their key) and customs officers.
 * Documents never leave the caller: a file is hashed here (or a 32-byte hash is taken as is).
 */
export function logisticsCommand(program: Command, globals: Globals): void {
  const logistics = program
    .command("logistics")
    .description("airport shipments (air waybills) and Beijing-Tianjin-Hebei port containers");

  const shipment = logistics.command("shipment").description("air waybills: documents, clearance, release");
  shipment
    .command("create <awb>")
    .description("create a shipment (a forwarder) naming its other parties")
    .option("--party <role=address...>", "another party, e.g. MERCHANT=0x.. AIRLINE=0x..", [])
    .action(async (awb: string, opts: { party: string[] }) => {
      const parties: Record<string, string> = {};
      for (const entry of opts.party) {
        const [role, account] = entry.split("=");
        if (!role || !account) throw new GovChainError(`--party ${entry}: expected ROLE=address`);
        parties[role] = account;
      }
      const { gov } = await govchain(globals(), true);
      await (await shipmentsOf(gov).create(shipmentId(awb), parties)).wait();
      print(globals(), { awb: normaliseAwb(awb), id: shipmentId(awb), parties }, () =>
        console.log(`shipment ${normaliseAwb(awb)} created (${shipmentId(awb)})`),
      );
    });
  shipment
    .command("add-document <awb> <kind> <file-or-hash>")
    .description("add a document's hash (the shipment's party entitled to the kind)")
    .action(async (awb: string, kind: string, document: string) => {
      const documentHash = hashOrFile("document", document);
      const { gov } = await govchain(globals(), true);
      await (await shipmentsOf(gov).addDocument(shipmentId(awb), kind, documentHash)).wait();
      print(globals(), { awb: normaliseAwb(awb), kind, documentHash }, () =>
        console.log(`${kind} of ${normaliseAwb(awb)} recorded: ${documentHash}`),
      );
    });
  shipment
    .command("open-clearance <awb>")
    .description("open the customs clearance case (the forwarder; every required document present)")
    .option("--file <file-or-hash>", "the clearance application")
    .action(async (awb: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      const { caseId } = await (
        await shipmentsOf(gov).openClearance(shipmentId(awb), hashOf("--file", opts.file))
      ).wait();
      print(globals(), { awb: normaliseAwb(awb), caseId: caseId.toString() }, () =>
        console.log(`clearance of ${normaliseAwb(awb)} opened: case ${caseId}`),
      );
    });
  shipment
    .command("record-clearance <awb>")
    .description("record the approved clearance (the forwarder)")
    .action(async (awb: string) => {
      const { gov } = await govchain(globals(), true);
      await (await shipmentsOf(gov).recordClearance(shipmentId(awb))).wait();
      print(globals(), { awb: normaliseAwb(awb), status: "cleared" }, () =>
        console.log(`${normaliseAwb(awb)} cleared`),
      );
    });
  shipment
    .command("correct-document <awb> <kind> <file-or-hash>")
    .description("correct a document while the clearance case is returned (the party entitled to the kind)")
    .action(async (awb: string, kind: string, document: string) => {
      const documentHash = hashOrFile("document", document);
      const { gov } = await govchain(globals(), true);
      await (await shipmentsOf(gov).correctDocument(shipmentId(awb), kind, documentHash)).wait();
      print(globals(), { awb: normaliseAwb(awb), kind, documentHash }, () =>
        console.log(`${kind} of ${normaliseAwb(awb)} corrected: ${documentHash}`),
      );
    });
  shipment
    .command("resubmit-clearance <awb>")
    .description("resubmit the returned clearance case (the forwarder)")
    .option("--file <file-or-hash>", "the corrected application")
    .action(async (awb: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await shipmentsOf(gov).resubmitClearance(shipmentId(awb), hashOf("--file", opts.file))).wait();
      print(globals(), { awb: normaliseAwb(awb), status: "resubmitted" }, () =>
        console.log(`clearance of ${normaliseAwb(awb)} resubmitted`),
      );
    });
  shipment
    .command("withdraw-clearance <awb>")
    .description("withdraw the clearance case (the forwarder): the shipment collects documents again")
    .requiredOption("--reason <text>", "why (kept on chain: no personal data)")
    .action(async (awb: string, opts: { reason: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await shipmentsOf(gov).withdrawClearance(shipmentId(awb), opts.reason)).wait();
      print(globals(), { awb: normaliseAwb(awb), status: "open" }, () =>
        console.log(`clearance of ${normaliseAwb(awb)} withdrawn; the shipment is open again`),
      );
    });
  shipment
    .command("release <awb>")
    .description("release a cleared shipment, once (the airport operator)")
    .option("--file <file-or-hash>", "the release note")
    .action(async (awb: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await shipmentsOf(gov).release(shipmentId(awb), hashOf("--file", opts.file))).wait();
      print(globals(), { awb: normaliseAwb(awb), status: "released" }, () =>
        console.log(`${normaliseAwb(awb)} released`),
      );
    });
  shipment
    .command("show <awb>")
    .description("a shipment's status and the documents it holds")
    .action(async (awb: string) => {
      const { gov } = await govchain(globals(), false);
      const view = await shipmentsOf(gov).shipment(shipmentId(awb));
      if (view.status === "none") throw new GovChainError(`shipment ${normaliseAwb(awb)} does not exist`);
      print(globals(), { ...view, caseId: view.caseId.toString() }, () =>
        console.log(
          `${normaliseAwb(awb)}: ${view.status}; documents: ${view.documents.join(", ") || "none"}` +
            (view.caseId === 0n ? "" : `; case ${view.caseId}`),
        ),
      );
    });
  shipment
    .command("timeline <awb>")
    .description("everything that happened to a shipment (the same for every party)")
    .action(async (awb: string) => {
      const { gov } = await govchain(globals(), false);
      const entries = await shipmentsOf(gov).timeline(shipmentId(awb));
      const rows = entries.map((e) => ({
        block: e.blockNumber,
        event: e.event,
        what: e.kind ?? e.department ?? "",
        actor: e.actor ?? "",
        document: e.documentHash ?? "",
      }));
      print(globals(), rows, () => table(rows));
    });

  const container = logistics
    .command("container")
    .description("container entries: declaration, clearance, holds, release at any terminal");
  const entry = (number: string, ref: string) => containerEntryId(number, ref);
  container
    .command("declare <container> <entry-ref>")
    .description("declare a container entry (an accredited declarant); opens its clearance case")
    .option("--file <file-or-hash>", "the declaration")
    .action(async (number: string, ref: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      const { caseId } = await (await portsOf(gov).declare(entry(number, ref), hashOf("--file", opts.file))).wait();
      print(globals(), { id: entry(number, ref), caseId: caseId.toString() }, () =>
        console.log(`${number} (${ref}) declared: case ${caseId}`),
      );
    });
  container
    .command("record-clearance <container> <entry-ref>")
    .description("record the approved clearance (the declarant)")
    .action(async (number: string, ref: string) => {
      const { gov } = await govchain(globals(), true);
      await (await portsOf(gov).recordClearance(entry(number, ref))).wait();
      print(globals(), { id: entry(number, ref), status: "cleared" }, () => console.log(`${number} (${ref}) cleared`));
    });
  container
    .command("resubmit-clearance <container> <entry-ref>")
    .description("resubmit the returned clearance case with the corrected declaration (the declarant)")
    .option("--file <file-or-hash>", "the corrected declaration")
    .action(async (number: string, ref: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await portsOf(gov).resubmitClearance(entry(number, ref), hashOf("--file", opts.file))).wait();
      print(globals(), { id: entry(number, ref), status: "resubmitted" }, () =>
        console.log(`clearance of ${number} (${ref}) resubmitted`),
      );
    });
  container
    .command("withdraw-clearance <container> <entry-ref>")
    .description("withdraw the clearance case (the declarant): the entry may be declared again; holds stay")
    .requiredOption("--reason <text>", "why (kept on chain: no personal data)")
    .action(async (number: string, ref: string, opts: { reason: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await portsOf(gov).withdrawClearance(entry(number, ref), opts.reason)).wait();
      print(globals(), { id: entry(number, ref), status: "withdrawn" }, () =>
        console.log(`clearance of ${number} (${ref}) withdrawn`),
      );
    });
  container
    .command("hold <container> <entry-ref> <office>")
    .description("hold a container (an officer of the customs office): no terminal may release it")
    .option("--file <file-or-hash>", "the hold decision")
    .action(async (number: string, ref: string, office: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await portsOf(gov).hold(entry(number, ref), office, hashOf("--file", opts.file))).wait();
      print(globals(), { id: entry(number, ref), office, held: true }, () =>
        console.log(`${number} (${ref}) held by ${office}`),
      );
    });
  container
    .command("lift <container> <entry-ref> <office>")
    .description("lift a hold (an officer of the office that placed it)")
    .option("--file <file-or-hash>", "the decision")
    .action(async (number: string, ref: string, office: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await portsOf(gov).liftHold(entry(number, ref), office, hashOf("--file", opts.file))).wait();
      print(globals(), { id: entry(number, ref), office, held: false }, () =>
        console.log(`${office}'s hold on ${number} (${ref}) lifted`),
      );
    });
  container
    .command("release <container> <entry-ref> <terminal-role>")
    .description("release a cleared, unheld container, once (a terminal accredited in the role)")
    .option("--file <file-or-hash>", "the gate-out record")
    .action(async (number: string, ref: string, role: string, opts: { file?: string }) => {
      const { gov } = await govchain(globals(), true);
      await (await portsOf(gov).release(entry(number, ref), role, hashOf("--file", opts.file))).wait();
      print(globals(), { id: entry(number, ref), releasedBy: role }, () =>
        console.log(`${number} (${ref}) released at ${role}`),
      );
    });
  container
    .command("show <container> <entry-ref>")
    .description("a container entry as every terminal sees it: status and holds")
    .action(async (number: string, ref: string) => {
      const { gov } = await govchain(globals(), false);
      const view = await portsOf(gov).container(entry(number, ref));
      if (view.status === "none") throw new GovChainError(`container ${number} (${ref}) is not declared`);
      print(globals(), { ...view, caseId: view.caseId.toString() }, () =>
        console.log(
          `${number} (${ref}): ${view.status}` +
            (view.holds.length > 0 ? `; HELD by ${view.holds.join(", ")}` : "; no holds") +
            (view.releasedBy === undefined ? "" : `; released at ${view.releasedBy}`),
        ),
      );
    });
}
