-- What a customer is told when the kind of order they chose is paused (checkout's refusal).
create or replace function private.paused_message(p_kind text, p_until timestamptz, p_timezone text) returns text
language sql stable as $$
  select case
    when p_until = 'infinity' then initcap(p_kind) || ' is paused for now. Please choose another way to get your order, or try again later.'
    else initcap(p_kind) || ' is paused until ' || to_char(p_until at time zone p_timezone, 'FMHH12:MI AM')
         || '. Please choose a later time.'
  end
$$;
