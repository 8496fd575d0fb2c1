/**
 * The logistics story of the main job (docs/SERVICES.md): an air waybill whose parties add their documents,
 * customs then inspection, one release by the airport; a container entering through Tianjin whose clearance
 * spans Beijing and Tianjin, held by Hebei customs so that no terminal of the three jurisdictions may release it
 * until Hebei lifts the hold. Called once, at the end of scripts/demo.ts.
 */
import { id, parseEther, Wallet, type Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { containerEntryId, GovChainError, hashJson, shipmentId, type GovChain } from "../../sdk/index.js";
import { fundAccounts, participantProvider, type DepartmentStaff } from "../lib/staff.js";

export interface LogisticsStoryContext {
  connection: NetworkConnection;
  /** Funds the participants' keys. */
  funder: Signer & { address: string };
  gov: GovChain;
  /** Officers and admins of the city's departments, by code. */
  staff: Record<string, DepartmentStaff>;
  heading: (title: string) => void;
  step: (text: string) => void;
  /** Unique per run (the demo may run again on a persistent node). */
  run: number;
}

export async function logisticsStory(ctx: LogisticsStoryContext): Promise<void> {
  const { gov, staff, heading, step } = ctx;
  if (gov.shipments === undefined || gov.ports === undefined || gov.participants === undefined) {
    step("this deployment runs no logistics: skipped");
    return;
  }
  const began = Date.now();
  const provider = participantProvider(ctx.connection);
  const key = (label: string) => new Wallet(id(`govchain demo participant ${label}`), provider);
  const merchant = key("merchant");
  const forwarder = key("forwarder");
  const airline = key("airline");
  const airport = key("airport");
  const tianjinTerminal = key("tianjin terminal");
  const hebeiTerminal = key("hebei terminal");
  await fundAccounts(
    ctx.connection,
    ctx.funder,
    [merchant, forwarder, airline, airport, tianjinTerminal, hebeiTerminal],
    parseEther("1"),
  );
  const tryAs = async (label: string, action: () => Promise<unknown>) => {
    try {
      await (await (action() as Promise<{ wait: () => Promise<unknown> }>)).wait();
      step(`${label}: accepted`);
    } catch (error) {
      if (!(error instanceof GovChainError)) throw error;
      step(`${label}: refused: ${error.shortMessage}`);
    }
  };

  heading("Airport logistics: participants, documents by their parties, customs then inspection, one release");
  const accredit = async (role: string, department: string, who: Wallet, label: string) =>
    (await gov.participants!.connect(staff[department].officer).accredit(role, who.address, { label })).wait();
  await accredit("MERCHANT", "COMMERCE", merchant, "Beijing Yanjing Electronics Trading Co.");
  await accredit("FORWARDER", "COMMERCE", forwarder, "Capital Air Freight Forwarding Co.");
  await accredit("AIRLINE", "CUSTOMS", airline, "Air China Cargo");
  await accredit("AIRPORT_OPERATOR", "CUSTOMS", airport, "Capital Airport Cargo Terminal");
  await accredit("TERMINAL_TIANJIN", "TIANJIN_PORT", tianjinTerminal, "Tianjin Port Container Terminal");
  await accredit("TERMINAL_HEBEI", "HEBEI_PORT", hebeiTerminal, "Caofeidian Container Terminal");
  step("COMMERCE accredited a merchant and a forwarder, CUSTOMS an airline and the airport operator");
  // A fresh waybill number per run (serial + check digit mod 7).
  const serial = 1_000_000 + (ctx.run % 8_000_000);
  const awb = `999-${serial}${serial % 7}`;
  const shipment = shipmentId(awb);
  const shipments = gov.shipments;
  await (
    await shipments.connect(forwarder).create(shipment, { MERCHANT: merchant.address, AIRLINE: airline.address })
  ).wait();
  const docHash = (what: string) => hashJson({ awb, document: what, run: ctx.run });
  await (await shipments.connect(merchant).addDocument(shipment, "COMMERCIAL_INVOICE", docHash("invoice"))).wait();
  await (await shipments.connect(merchant).addDocument(shipment, "PACKING_LIST", docHash("packing list"))).wait();
  await tryAs("the merchant adds the cargo manifest (the airline's document)", () =>
    shipments.connect(merchant).addDocument(shipment, "MANIFEST", docHash("forged manifest")),
  );
  await (await shipments.connect(airline).addDocument(shipment, "MANIFEST", docHash("manifest"))).wait();
  await (await shipments.connect(forwarder).addDocument(shipment, "DECLARATION", docHash("declaration"))).wait();
  const { caseId } = await (await shipments.connect(forwarder).openClearance(shipment, docHash("file"))).wait();
  step(`air waybill ${awb}: four documents by their parties; clearance case ${caseId} opened`);
  await (await gov.workflow.connect(staff.CUSTOMS.officer).approve(caseId, "CUSTOMS", docHash("customs ok"))).wait();
  await (
    await gov.workflow.connect(staff.AIRPORT_CUSTOMS.officer).approve(caseId, "AIRPORT_CUSTOMS", docHash("inspected"))
  ).wait();
  await (await shipments.connect(forwarder).recordClearance(shipment)).wait();
  await (await shipments.connect(airport).release(shipment, docHash("gate pass"))).wait();
  await tryAs("the airport releases it a second time", () =>
    shipments.connect(airport).release(shipment, docHash("again")),
  );
  const timeline = await shipments.connect(provider).timeline(shipment);
  step(`the timeline every party reads (${timeline.length} entries):`);
  console.table(timeline.map((e) => ({ block: e.blockNumber, event: e.event, what: e.kind ?? e.department ?? "" })));

  heading("Beijing-Tianjin-Hebei port clearance: one record for every terminal; a hold blocks them all");
  const ports = gov.ports;
  const container = containerEntryId("CSQU3054383", `TJ-${ctx.run}`);
  const declared = await (await ports.connect(forwarder).declare(container, docHash("container declaration"))).wait();
  for (const department of ["TIANJIN_CUSTOMS", "CUSTOMS", "TIANJIN_PORT", "TAX"]) {
    await (
      await gov.workflow.connect(staff[department].officer).approve(declared.caseId, department, docHash(department))
    ).wait();
  }
  await (await ports.connect(forwarder).recordClearance(container)).wait();
  step(
    `container CSQU3054383 cleared on case ${declared.caseId} (Tianjin and Beijing customs, Tianjin port, Beijing tax)`,
  );
  await (await ports.connect(staff.HEBEI_CUSTOMS.officer).hold(container, "HEBEI_CUSTOMS", docHash("hold"))).wait();
  step(`Hebei customs holds it: ${JSON.stringify((await ports.connect(provider).container(container)).holds)}`);
  await tryAs("the Tianjin terminal releases it", () =>
    ports.connect(tianjinTerminal).release(container, "TERMINAL_TIANJIN", docHash("gate out")),
  );
  await tryAs("Tianjin customs lifts Hebei's hold", () =>
    ports.connect(staff.TIANJIN_CUSTOMS.officer).liftHold(container, "HEBEI_CUSTOMS", docHash("lift")),
  );
  await (await ports.connect(staff.HEBEI_CUSTOMS.officer).liftHold(container, "HEBEI_CUSTOMS", docHash("lift"))).wait();
  await tryAs("the Hebei terminal releases it", () =>
    ports.connect(hebeiTerminal).release(container, "TERMINAL_HEBEI", docHash("gate out")),
  );
  const view = await ports.connect(provider).container(container);
  step(
    `every terminal now reads: ${view.status}, released at ${view.releasedBy} (${Date.now() - began} ms for both stories)`,
  );
}
