// Local delivery zones as the admin keeps them: per location, a name, a fee, a minimum order and
// the postal codes served. A postal code belongs to at most one zone of a location; the database
// refuses a clash and names the zone that already has the code.
import { recordAudit, type AuditContext } from "~/ops/audit.server";
import { sql } from "~/lib/db.server";
import { tagTransaction } from "~/lib/request-context.server";

export interface DeliveryZone {
  id: number;
  locationId: number;
  locationName: string;
  currency: string;
  name: string;
  feeCents: number;
  minimumCents: number;
  isActive: boolean;
  postalCodes: string[];
}

export interface DeliveryZoneInput {
  name: string;
  feeCents: number;
  minimumCents: number;
  isActive: boolean;
  postalCodes: string[];
}

const zoneColumns = sql`
  z.id, z.location_id as "locationId", l.name as "locationName", l.currency, z.name,
  z.fee_cents as "feeCents", z.minimum_cents as "minimumCents", z.is_active as "isActive",
  coalesce((select array_agg(c.postal_code order by c.postal_code)
              from delivery_zone_postal_codes c where c.zone_id = z.id), '{}') as "postalCodes"`;

export async function listDeliveryZones(locationId?: number): Promise<DeliveryZone[]> {
  return sql<DeliveryZone[]>`
    select ${zoneColumns} from delivery_zones z join locations l on l.id = z.location_id
     where ${locationId === undefined ? sql`true` : sql`z.location_id = ${locationId}`}
     order by l.id, z.sort_order, lower(z.name)`;
}

export async function getDeliveryZone(id: number): Promise<DeliveryZone | null> {
  const [zone] = await sql<DeliveryZone[]>`
    select ${zoneColumns} from delivery_zones z join locations l on l.id = z.location_id where z.id = ${id}`;
  return zone ?? null;
}

function auditedZone(zone: DeliveryZone) {
  return {
    location_id: zone.locationId,
    name: zone.name,
    fee_cents: zone.feeCents,
    minimum_cents: zone.minimumCents,
    is_active: zone.isActive,
    postal_codes: zone.postalCodes,
  };
}

export async function createDeliveryZone(locationId: number, input: DeliveryZoneInput, audit: AuditContext): Promise<number> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [{ id }] = await tx<{ id: number }[]>`
      insert into delivery_zones (location_id, name, fee_cents, minimum_cents, is_active)
      values (${locationId}, ${input.name}, ${input.feeCents}, ${input.minimumCents}, ${input.isActive})
      returning id`;
    await tx`select set_delivery_zone_postal_codes(${id}, ${input.postalCodes}::text[])`;
    const [after] = await tx<DeliveryZone[]>`
      select ${zoneColumns} from delivery_zones z join locations l on l.id = z.location_id where z.id = ${id}`;
    await recordAudit(tx, audit, { action: "delivery_zone.create", subjectType: "delivery_zone", subjectId: id, after: auditedZone(after) });
    return id;
  });
}

/** Changes a zone and replaces its postal codes; false when there is no such zone. */
export async function updateDeliveryZone(id: number, input: DeliveryZoneInput, audit: AuditContext): Promise<boolean> {
  return sql.begin(async (tx) => {
    await tagTransaction(tx, audit.requestId);
    const [before] = await tx<DeliveryZone[]>`
      select ${zoneColumns} from delivery_zones z join locations l on l.id = z.location_id where z.id = ${id}
         for no key update of z`;
    if (!before) return false;
    await tx`
      update delivery_zones
         set name = ${input.name}, fee_cents = ${input.feeCents}, minimum_cents = ${input.minimumCents},
             is_active = ${input.isActive}, updated_at = now()
       where id = ${id}`;
    await tx`select set_delivery_zone_postal_codes(${id}, ${input.postalCodes}::text[])`;
    const [after] = await tx<DeliveryZone[]>`
      select ${zoneColumns} from delivery_zones z join locations l on l.id = z.location_id where z.id = ${id}`;
    await recordAudit(tx, audit, {
      action: "delivery_zone.update",
      subjectType: "delivery_zone",
      subjectId: id,
      before: auditedZone(before),
      after: auditedZone(after),
    });
    return true;
  });
}
