// The modifier choices of a cart or order line ("Fillings: Beef Criolla", "Add a salsa: Chimichurri +$1.50").
import { formatMoney } from "~/lib/money";

export interface LineModifier {
  list: string;
  name: string;
  priceCents: number;
}

export function ModifierList({ modifiers, currency }: { modifiers: LineModifier[]; currency: string }) {
  if (modifiers.length === 0) return null;
  return (
    <ul className="line-modifiers">
      {modifiers.map((modifier, index) => (
        <li key={index}>
          {modifier.list}: {modifier.name}
          {modifier.priceCents > 0 ? ` +${formatMoney(modifier.priceCents, currency)}` : ""}
        </li>
      ))}
    </ul>
  );
}
