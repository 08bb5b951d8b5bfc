// One delivery zone, new (/admin/delivery-zones/new) or existing: name, fee, minimum order, active,
// and the postal codes it serves. Staff read it; owners change it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { zoneSchema } from "~/fulfillment/delivery-zone-form.server";
import { centsToDollarsText } from "~/lib/admin-forms";
import { isOwner, requireAdmin, requireOwner } from "~/accounts/auth.server";
import { CheckboxField, FormError, SelectField, TextAreaField, TextField } from "~/components/Field";
import { adminAction, auditContext, done, refusal } from "~/lib/admin-action.server";
import { createDeliveryZone, getDeliveryZone, updateDeliveryZone } from "~/fulfillment/delivery-zones.server";
import { listLocations } from "~/fulfillment/locations.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.zone ? data.zone.name : "New delivery zone"} — Admin` : "Delivery zone not found" },
];

async function findZone(idParam: string | undefined) {
  if (idParam === "new") return null;
  const id = Number(idParam);
  const zone = Number.isSafeInteger(id) && id > 0 ? await getDeliveryZone(id) : null;
  if (!zone) throw new Response("Delivery zone not found", { status: 404 });
  return zone;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const [zone, locations] = await Promise.all([findZone(params.id), listLocations()]);
  const wanted = Number(new URL(request.url).searchParams.get("location"));
  const locationId = zone?.locationId ?? locations.find((location) => location.id === wanted)?.id ?? locations[0]?.id ?? null;
  return { zone, locations, locationId, canChange: isOwner(admin) };
}

const zoneFields = ["locationId", "name", "fee", "minimum", "postalCodes", "isActive"];

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, "Only an owner can change delivery zones.");
  const [zone, locations] = await Promise.all([findZone(params.id), listLocations()]);
  return adminAction(request, zoneSchema, async (form) => {
    // A zone stays at its location, whatever a hand-made form says.
    const locationId = zone?.locationId ?? form.locationId;
    if (!locations.some((location) => location.id === locationId)) return refusal(422, "Choose a location.", "locationId");
    const input = { name: form.name, feeCents: form.fee, minimumCents: form.minimum, isActive: form.isActive, postalCodes: form.postalCodes };
    const audit = auditContext(admin, context);
    if (!zone) {
      await createDeliveryZone(locationId, input, audit);
    } else if (!(await updateDeliveryZone(zone.id, input, audit))) {
      throw new Response("Delivery zone not found", { status: 404 });
    }
    const back = locations.length > 1 ? `/admin/delivery-zones?location=${locationId}` : "/admin/delivery-zones";
    return done(back, zone ? `Delivery zone ${input.name} saved.` : `Delivery zone ${input.name} created.`);
  }, { fields: zoneFields });
}

export default function AdminDeliveryZone() {
  const { zone, locations, locationId, canChange } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const values = failure?.values;
  const errors = failure?.errors ?? {};
  const location = locations.find((each) => each.id === locationId);
  return (
    <article>
      <p><Link to="/admin/delivery-zones">← Delivery zones</Link></p>
      <h1>{zone ? `Delivery zone ${zone.name}` : "New delivery zone"}</h1>
      {canChange ? null : <p className="muted">You can see this zone; only an owner can change it.</p>}
      {locations.length === 0 ? <p>Add a location first.</p> : (
        <Form method="post" className="panel" noValidate>
          <FormError message={failure?.formError} />
          <fieldset disabled={!canChange}>
            {zone || locations.length === 1 ? (
              <>
                <input type="hidden" name="locationId" value={String(locationId)} />
                {locations.length > 1 ? <p>Location: {location?.name}</p> : null}
              </>
            ) : (
              <SelectField label="Location" name="locationId" defaultValue={values?.locationId ?? String(locationId)} error={errors.locationId}>
                {locations.map((each) => <option key={each.id} value={each.id}>{each.name}</option>)}
              </SelectField>
            )}
            <TextField label="Zone name" name="name" maxLength={80} defaultValue={values?.name ?? zone?.name ?? ""} error={errors.name} />
            <TextField label="Delivery fee ($)" name="fee" inputMode="decimal" defaultValue={values?.fee ?? (zone ? centsToDollarsText(zone.feeCents) : "")} error={errors.fee} />
            <TextField label="Minimum order ($)" name="minimum" inputMode="decimal" hint="0 for no minimum." defaultValue={values?.minimum ?? (zone ? centsToDollarsText(zone.minimumCents) : "0.00")} error={errors.minimum} />
            <TextAreaField
              label="Postal codes"
              name="postalCodes"
              rows={4}
              hint="One per line or separated by commas; a code may have a space, like K1A 0B1. A code can be in only one zone of a location."
              defaultValue={values?.postalCodes ?? zone?.postalCodes.join(", ") ?? ""}
              error={errors.postalCodes}
            />
            <CheckboxField label="Active (customers can choose it)" name="isActive" defaultChecked={values ? values.isActive === "on" : zone?.isActive ?? true} error={errors.isActive} />
            {canChange ? (
              <button type="submit" disabled={navigation.state !== "idle"}>{zone ? "Save zone" : "Create zone"}</button>
            ) : null}
          </fieldset>
        </Form>
      )}
    </article>
  );
}
