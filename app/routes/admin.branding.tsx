// The shop's look (owners): its name, the hero line under it, the description search engines and
// link previews show, two colours (checked for contrast) and a logo (uploaded, resized, at most 5 MB).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { brandingSchema } from "~/fulfillment/branding-form.server";
import { requireOwner } from "~/accounts/auth.server";
import { CheckboxField, FormError, Notice, TextAreaField, TextField } from "~/components/Field";
import { ImageRefusal, getBranding, setBranding } from "~/fulfillment/branding.server";
import { imageUrl } from "~/catalog/images";
import { adminAction, auditContext, done, refusal } from "~/lib/admin-action.server";
import { readNotice } from "~/lib/session.server";
import { uploadedFile } from "~/lib/uploads";

export const meta: MetaFunction = () => [{ title: "Branding — Admin" }];

const OWNERS_ONLY = "Only an owner can change the shop's look.";
const FIELDS = ["name", "heroLine", "description", "brandColor", "backgroundColor", "logo", "removeLogo"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireOwner(request, OWNERS_ONLY);
  const [branding, { notice, headers }] = await Promise.all([getBranding(), readNotice(request)]);
  return data({ branding, notice }, { headers });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireOwner(request, OWNERS_ONLY);
  return adminAction(request, brandingSchema, async (input, formData) => {
    const file = await uploadedFile(formData, "logo");
    try {
      await setBranding({ ...input, logo: file ?? (input.removeLogo ? "remove" : null) }, auditContext(admin, context));
    } catch (error) {
      if (error instanceof ImageRefusal) return refusal(422, error.message, "logo");
      throw error;
    }
    return done("/admin/branding", "The shop's look is saved.");
  }, { fields: FIELDS });
}

export default function AdminBranding() {
  const { branding, notice } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const value = (field: keyof typeof branding & string) => failure?.values[field] ?? String(branding[field] ?? "");
  return (
    <>
      <h1>Branding</h1>
      <Notice message={notice} />
      <p>How the storefront looks: the name in its header and page titles, the line under it, the text search engines and shared links show, its colours and its logo.</p>
      <Form method="post" encType="multipart/form-data" className="panel" noValidate aria-label="Branding" key={JSON.stringify(branding)}>
        <FormError message={failure?.formError} />
        <TextField label="Shop name" name="name" maxLength={80} required defaultValue={value("name")} error={failure?.errors.name} />
        <TextField label="Hero line" name="heroLine" maxLength={140} hint="One line under the name on the menu, e.g. “Empanadas baked every morning.”"
          defaultValue={value("heroLine")} error={failure?.errors.heroLine} />
        <TextAreaField label="Description" name="description" maxLength={300} rows={3}
          hint="Shown by search engines and in link previews (at most 300 characters)." defaultValue={value("description")} error={failure?.errors.description} />
        <TextField label="Brand colour" name="brandColor" type="text" pattern="#[0-9a-fA-F]{6}" maxLength={7}
          hint="Buttons, links and the header, e.g. #8a3b12. White text on it must be readable (contrast 4.5:1)."
          defaultValue={value("brandColor")} error={failure?.errors.brandColor} />
        <TextField label="Background colour" name="backgroundColor" type="text" pattern="#[0-9a-fA-F]{6}" maxLength={7}
          hint="The page behind the menu, e.g. #fdf3e7; a light colour." defaultValue={value("backgroundColor")} error={failure?.errors.backgroundColor} />
        {branding.logo ? (
          <p><img src={imageUrl(branding.logo.sha256, branding.logo.widths[0], "webp")} alt="The current logo" height={64} width={Math.round((64 * branding.logo.width) / branding.logo.height)} className="logo-preview" /></p>
        ) : null}
        <TextField label={branding.logo ? "Replace the logo" : "Logo"} name="logo" type="file" accept="image/jpeg,image/png,image/webp,image/avif"
          hint="A JPEG, PNG, WebP or AVIF image of at most 5 MB." error={failure?.errors.logo} />
        {branding.logo ? <CheckboxField label="Remove the logo" name="removeLogo" error={failure?.errors.removeLogo} /> : null}
        <button type="submit" disabled={navigation.state !== "idle"}>Save branding</button>
      </Form>
    </>
  );
}
