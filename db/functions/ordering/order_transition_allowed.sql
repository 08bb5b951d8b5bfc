create or replace function private.order_transition_allowed(from_state text, to_state text) returns boolean
language sql immutable as $$
  select (from_state, to_state) in (
    ('pending_payment', 'paid'), ('pending_payment', 'cancelled'),
    -- An order paid at pickup is cooked before it is paid; one nobody collects is cancelled unpaid.
    -- The orders trigger allows these only for such an order.
    ('pending_payment', 'preparing'), ('pending_payment', 'ready'),
    ('preparing', 'cancelled'), ('ready', 'cancelled'),
    ('paid', 'preparing'), ('paid', 'ready'), ('paid', 'cancelled'),
    ('paid', 'refunded'), ('paid', 'partially_refunded'),
    ('preparing', 'ready'), ('preparing', 'out_for_delivery'), ('preparing', 'refunded'),
    ('preparing', 'partially_refunded'),
    ('ready', 'completed'), ('ready', 'out_for_delivery'), ('ready', 'refunded'),
    ('ready', 'partially_refunded'),
    ('out_for_delivery', 'completed'),
    ('completed', 'refunded'), ('completed', 'partially_refunded'),
    ('partially_refunded', 'partially_refunded'), ('partially_refunded', 'refunded'))
$$;
