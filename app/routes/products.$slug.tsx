import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addSchema } from "~/ordering/add-to-cart-form.server";
import { countsInFunnel } from "~/insights/funnel-visitor.server";
import { addToCart } from "~/ordering/cart.server";
import { getProductBySlug } from "~/catalog/catalog.server";
import { SLUG } from "~/catalog/slug";
import { storefrontMemo } from "~/catalog/storefront-changes.server";
import { dailyLimitWords } from "~/catalog/daily-limit-words";
import { FormError, SelectField, TextField } from "~/components/Field";
import { ModifierChoices } from "~/components/ModifierChoices";
import { isShopError } from "~/lib/db.server";
import { parseForm, readFormData, shopErrorToForm, type FormFailure } from "~/lib/forms";
import { formatMoney } from "~/lib/money";
import { commitSession, getSession } from "~/lib/session.server";
import { ProductImage } from "~/components/ProductImage";
import { shopNameOf, shopTitle } from "~/lib/titles";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => {
  if (!data) return [{ title: shopTitle(matches, "Not found") }];
  const description = data.product.description || `${data.product.name} from ${shopNameOf(matches)}.`;
  return [
    { title: shopTitle(matches, data.product.name) },
    { name: "description", content: description },
    { property: "og:type", content: "product" },
    { property: "og:site_name", content: shopNameOf(matches) },
    { property: "og:title", content: data.product.name },
    { property: "og:description", content: description },
  ];
};

export async function loader({ params }: LoaderFunctionArgs) {
  const slug = params.slug ?? "";
  // The same for every visitor: read once while the storefront is unchanged (catalog/storefront-changes.server.ts).
  const product = SLUG.test(slug) ? await storefrontMemo(`product:${slug}`, () => getProductBySlug(slug)) : null;
  if (!product) throw new Response("Product not found", { status: 404 });
  return { product };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const product = await getProductBySlug(params.slug ?? "");
  if (!product) throw new Response("Product not found", { status: 404 });
  const formData = await readFormData(request);
  const form = parseForm(formData, addSchema);
  // Modifier choices: checkboxes named "modifier", radio groups "modifier.<list id>"; all of them
  // are kept for a re-shown form.
  const chosen = [...formData].filter(([key]) => key === "modifier" || key.startsWith("modifier.")).map(([, value]) => String(value));
  const values = { ...form.values, modifier: chosen.join(",") };
  if (!form.ok) return data<FormFailure>({ ...form, values }, { status: 422 });
  if (!chosen.every((id) => /^\d{1,15}$/.test(id))) {
    return data<FormFailure>({ errors: { modifiers: "One of the choices is not offered for this item. Please choose again." }, values }, { status: 422 });
  }
  const variant = product.variants.find((candidate) => candidate.id === form.data.variantId);
  if (!variant) {
    return data<FormFailure>({ errors: { variantId: "Choose one of the options shown." }, values }, { status: 422 });
  }
  const session = await getSession(request);
  const fields = ["variantId", "quantity", "note", "modifiers", ...product.modifierLists.map((list) => `modifierList${list.id}`)];
  try {
    await addToCart(session, variant.id, form.data.quantity, chosen.map(Number), "cartId", form.data.note, countsInFunnel(request));
  } catch (error) {
    const shopError = isShopError(error);
    if (!shopError) throw error;
    return data<FormFailure>(shopErrorToForm(shopError, values, fields), { status: shopError.status });
  }
  session.flash("notice", `Added ${form.data.quantity} × ${product.name} (${variant.name}) to your cart.`);
  return redirect("/cart", { status: 303, headers: { "Set-Cookie": await commitSession(session) } });
}

export default function ProductPage() {
  const { product } = useLoaderData<typeof loader>();
  const failure = useActionData<typeof action>();
  const navigation = useNavigation();
  const available = product.variants.filter((variant) => variant.available);
  const selected = failure?.values.variantId ?? String(available[0]?.id ?? "");
  const chosen = new Set((failure?.values.modifier ?? "").split(",").filter(Boolean));
  return (
    <article className="product">
      <p><Link to="/">← Menu</Link></p>
      <div className="product-layout">
      <ProductImage image={product.image} name={product.name} eager className="product-photo" sizes="(min-width: 50rem) 28rem, 100vw" />
      <div>
      <h1>{product.name}</h1>
      <p className="muted">{product.categoryName}</p>
      <p>{product.description}</p>
      {product.allergens.length ? (
        <ul className="tags" aria-label={`Allergens and diet: ${product.allergens.join(", ")}`}>
          {product.allergens.map((tag) => <li key={tag} className="tag">{tag}</li>)}
        </ul>
      ) : null}
      {available.length === 0 ? <p className="sold-out" role="status">Sold out for now.</p> : null}
      {product.limitNotes.map((note) => (
        <p key={`${note.variantName}-${note.day}`} className={note.itemsLeft > 0 ? "limit-note" : "limit-note sold-out"} role="status">
          {dailyLimitWords(note)}
        </p>
      ))}
      <Form method="post" className="panel add-to-cart" noValidate>
        <FormError message={failure?.formError} />
        <SelectField label="Option" name="variantId" defaultValue={selected} error={failure?.errors.variantId}>
          {product.variants.map((variant) => (
            <option key={variant.id} value={variant.id}>
              {variant.name} — {formatMoney(variant.priceCents, variant.currency)}
              {variant.available ? "" : " (sold out)"}
            </option>
          ))}
        </SelectField>
        <FormError message={failure?.errors.modifiers} />
        {product.modifierLists.map((list) => (
          <ModifierChoices
            key={list.id}
            list={list}
            currency={product.variants[0]?.currency ?? "USD"}
            chosen={chosen}
            error={failure?.errors[`modifierList${list.id}`]}
          />
        ))}
        <TextField
          label="Quantity"
          name="quantity"
          type="number"
          inputMode="numeric"
          min={1}
          max={99}
          step={1}
          defaultValue={failure?.values.quantity ?? "1"}
          error={failure?.errors.quantity}
        />
        <TextField
          label="Note for the kitchen"
          name="note"
          maxLength={140}
          hint="If you like: “no onions”, “cut in half”… at most 140 characters."
          defaultValue={failure?.values.note ?? ""}
          error={failure?.errors.note}
        />
        {available.length === 0 ? (
          <button type="submit" disabled className="sold-out-button">Sold out</button>
        ) : (
          <button type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Adding…" : "Add to cart"}
          </button>
        )}
      </Form>
      </div>
      </div>
    </article>
  );
}
