-- Whether the owners require two-factor sign-in of everyone (setting accounts.require_two_factor).
create or replace function two_factor_required()
returns boolean
language sql stable as $$
  select coalesce((select value = 'true'::jsonb from settings where key = 'accounts.require_two_factor'), false);
$$;
