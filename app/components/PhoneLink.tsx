// A customer's phone number as a link that calls it; an order without one (a walk-in, an erased
// customer) says so instead of showing an empty link.
export function PhoneLink({ phone }: { phone: string | null | undefined }) {
  if (!phone) return <span className="muted">no phone</span>;
  return <a href={`tel:${phone}`}>{phone}</a>;
}
