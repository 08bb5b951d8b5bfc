// The demo shop: an empanada bakery with one location and a menu of 16 products, two of them with
// modifier lists and a few that can be shipped. Seeds only an empty database (no locations yet),
// so it is safe to run at every `npm run dev`.
import type postgres from "postgres";
import { seedDemoFulfillmentAndPricing } from "./demo-fulfillment";

type Sql = postgres.Sql<Record<string, unknown>>;

const sizes = (single: number) => [
  { name: "Single", priceCents: single },
  { name: "Half dozen", priceCents: single * 6 - 150 },
  { name: "Dozen", priceCents: single * 12 - 500 },
];

// What the kitchen makes for one of a pack (the production plan counts units).
const PACK_UNITS: Record<string, number> = { "Half dozen": 6, Dozen: 12, "Bag of 6": 6 };

interface SeedProduct {
  name: string;
  slug: string;
  description: string;
  shippable?: boolean;
  modifierLists?: (keyof typeof modifierLists)[];
  variants: { name: string; priceCents: number; stock?: number | null; soldOut?: boolean }[];
}

const modifierLists = {
  fillings: {
    name: "Fillings",
    minSelected: 1,
    maxSelected: 3,
    modifiers: [
      { name: "Beef Criolla", priceCents: 0 },
      { name: "Chicken & Chipotle", priceCents: 0 },
      { name: "Spinach & Ricotta", priceCents: 0 },
      { name: "Humita", priceCents: 0 },
      { name: "Ham & Cheese", priceCents: 0 },
    ],
  },
  salsa: {
    name: "Add a salsa",
    minSelected: 0,
    maxSelected: 2,
    modifiers: [
      { name: "Chimichurri", priceCents: 150 },
      { name: "Salsa Criolla", priceCents: 150 },
    ],
  },
} as const;

const menu: { name: string; slug: string; description: string; products: SeedProduct[] }[] = [
  {
    name: "Savory empanadas",
    slug: "savory-empanadas",
    description: "Baked fresh every morning in our hand-laminated dough.",
    products: [
      {
        name: "Party Box",
        slug: "party-box",
        description: "Mix and match: pick up to three fillings and we share them out evenly.",
        modifierLists: ["fillings", "salsa"],
        variants: [{ name: "Half dozen", priceCents: 2400 }, { name: "Dozen", priceCents: 4500 }],
      },
      { name: "Beef Criolla", slug: "beef-criolla", description: "Hand-cut beef, onion, green olives and egg.", modifierLists: ["salsa"], variants: sizes(450) },
      { name: "Chicken & Chipotle", slug: "chicken-chipotle", description: "Pulled chicken in smoky chipotle sauce.", variants: sizes(425) },
      { name: "Spinach & Ricotta", slug: "spinach-ricotta", description: "Spinach, ricotta and a little nutmeg.", variants: sizes(400) },
      { name: "Humita", slug: "humita", description: "Sweet corn, onion and melted cheese.", variants: sizes(400) },
      { name: "Ham & Cheese", slug: "ham-cheese", description: "Smoked ham and mozzarella.", variants: sizes(400) },
      {
        name: "Spicy Chorizo",
        slug: "spicy-chorizo",
        description: "Chorizo, potato and red pepper. Sold out until Friday.",
        variants: sizes(475).map((variant) => ({ ...variant, soldOut: true })),
      },
    ],
  },
  {
    name: "Sweet empanadas",
    slug: "sweet-empanadas",
    description: "For after, or instead.",
    products: [
      { name: "Dulce de Leche & Banana", slug: "dulce-de-leche-banana", description: "Caramel-sweet and warm.", variants: sizes(375) },
      { name: "Guava & Cheese", slug: "guava-cheese", description: "Guava paste with cream cheese.", variants: sizes(375) },
      { name: "Apple Cinnamon", slug: "apple-cinnamon", description: "Baked apples, cinnamon sugar crust.", variants: sizes(350) },
    ],
  },
  {
    name: "Sides & salsas",
    slug: "sides-salsas",
    description: "",
    products: [
      {
        name: "Chimichurri",
        slug: "chimichurri",
        description: "Parsley, garlic, oregano and red wine vinegar.",
        shippable: true,
        variants: [{ name: "2 oz", priceCents: 150 }, { name: "8 oz", priceCents: 500 }],
      },
      {
        name: "Dulce de Leche Jar",
        slug: "dulce-de-leche-jar",
        description: "Our slow-cooked dulce de leche, 12 oz jar. Ships anywhere.",
        shippable: true,
        variants: [{ name: "12 oz", priceCents: 1100, stock: 40 }],
      },
      { name: "Salsa Criolla", slug: "salsa-criolla", description: "Tomato, onion and peppers.", variants: [{ name: "2 oz", priceCents: 150 }] },
      { name: "Chipa (cheese bread)", slug: "chipa", description: "Six little cheese breads.", variants: [{ name: "Bag of 6", priceCents: 600, stock: 20 }] },
    ],
  },
  {
    name: "Drinks",
    slug: "drinks",
    description: "",
    products: [
      { name: "Yerba Mate", slug: "yerba-mate", description: "Iced, lightly sweetened.", variants: [{ name: "16 oz", priceCents: 425 }] },
      { name: "Horchata", slug: "horchata", description: "House-made rice and cinnamon.", variants: [{ name: "16 oz", priceCents: 400 }] },
    ],
  },
];

export async function seedDemoShop(sql: Sql): Promise<boolean> {
  return sql.begin(async (tx) => {
    const [existing] = await tx`select 1 from locations limit 1`;
    if (existing) return false;
    const [{ id: locationId }] = await tx<{ id: number }[]>`
      insert into locations (name, slug, address, phone, timezone, pickup_days_ahead, pickup_slot_capacity)
      values ('Masa & Co. Empanadas', 'main-street', '412 Main Street, Springfield, IL 62701', '(555) 013-4420',
              'America/Chicago', 2, 8)
      returning id`;
    // Monday to Saturday 08:00–20:00, Sunday 09:00–15:00.
    await tx`
      insert into location_hours (location_id, weekday, opens_at, closes_at)
      select l.id, d, case when d = 0 then '09:00'::time else '08:00'::time end,
             case when d = 0 then '15:00'::time else '20:00'::time end
        from locations l cross join generate_series(0, 6) d`;
    const listIds = new Map<string, number>();
    for (const [listIndex, [key, list]] of Object.entries(modifierLists).entries()) {
      const [{ id: listId }] = await tx<{ id: number }[]>`
        insert into modifier_lists (name, min_selected, max_selected, sort_order)
        values (${list.name}, ${list.minSelected}, ${list.maxSelected}, ${listIndex})
        returning id`;
      listIds.set(key, listId);
      for (const [modifierIndex, modifier] of list.modifiers.entries()) {
        await tx`
          insert into modifiers (modifier_list_id, name, price_cents, sort_order)
          values (${listId}, ${modifier.name}, ${modifier.priceCents}, ${modifierIndex})`;
      }
    }
    for (const [categoryIndex, category] of menu.entries()) {
      const [{ id: categoryId }] = await tx<{ id: number }[]>`
        insert into categories (name, slug, description, sort_order)
        values (${category.name}, ${category.slug}, ${category.description}, ${categoryIndex})
        returning id`;
      for (const [productIndex, product] of category.products.entries()) {
        const [{ id: productId }] = await tx<{ id: number }[]>`
          insert into products (category_id, name, slug, description, sort_order, shippable)
          values (${categoryId}, ${product.name}, ${product.slug}, ${product.description}, ${productIndex},
                  ${product.shippable ?? false})
          returning id`;
        for (const [listIndex, key] of (product.modifierLists ?? []).entries()) {
          await tx`
            insert into product_modifier_lists (product_id, modifier_list_id, sort_order)
            values (${productId}, ${listIds.get(key)!}, ${listIndex})`;
        }
        for (const [variantIndex, variant] of product.variants.entries()) {
          const [{ id: variantId }] = await tx<{ id: number }[]>`
            insert into variants (product_id, name, price_cents, sold_out, sort_order, units_per_variation)
            values (${productId}, ${variant.name}, ${variant.priceCents}, ${variant.soldOut ?? false}, ${variantIndex}, ${PACK_UNITS[variant.name] ?? 1})
            returning id`;
          if (variant.stock != null) {
            await tx`
              insert into inventory_levels (variant_id, location_id, quantity)
              select ${variantId}, id, ${variant.stock} from locations`;
          }
        }
      }
    }
    await seedDemoFulfillmentAndPricing(tx, locationId);
    await tx`insert into settings (key, value) values ('shop.name', ${tx.json("Masa & Co. Empanadas")})`;
    await tx`
      update shop_branding
         set hero_line = 'Empanadas baked every morning, ready when you are.',
             description = 'Order Argentine-style empanadas, party boxes and chimichurri from Masa & Co. in Springfield, IL, for pickup or local delivery.'`;
    return true;
  });
}
