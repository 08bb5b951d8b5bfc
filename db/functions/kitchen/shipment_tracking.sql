-- A shipment's carrier and tracking number as staff typed them, checked and put in the form the
-- orders table keeps (orders_shipment_carrier_check, orders_tracking_number_check): blanks are
-- null, the carrier is trimmed, the tracking number loses its spaces and dashes and is capitalised.
-- Refuses, naming the field, what the table would refuse, so the form can say why.
create or replace function private.shipment_tracking(
  p_carrier text,
  p_tracking_number text,
  out carrier text,
  out tracking_number text
)
language plpgsql immutable as $$
begin
  carrier := nullif(btrim(p_carrier), '');
  tracking_number := nullif(upper(regexp_replace(coalesce(p_tracking_number, ''), '[\s-]', '', 'g')), '');
  if carrier is not null and (char_length(carrier) > 40 or carrier ~ '[[:cntrl:]<>]') then
    raise exception 'Name the carrier in at most 40 characters, without < or >.' using errcode = 'LR422', column = 'carrier';
  end if;
  if tracking_number is not null and tracking_number !~ '^[A-Z0-9]*$' then
    raise exception 'A tracking number has only letters and digits (spaces and dashes are fine).'
      using errcode = 'LR422', column = 'trackingNumber';
  end if;
  if tracking_number is not null and char_length(tracking_number) > 40 then
    raise exception 'That tracking number is too long: at most 40 letters and digits.' using errcode = 'LR422', column = 'trackingNumber';
  end if;
  if tracking_number is not null and char_length(tracking_number) < 4 then
    raise exception 'That tracking number is too short: at least 4 letters and digits.' using errcode = 'LR422', column = 'trackingNumber';
  end if;
end
$$;
