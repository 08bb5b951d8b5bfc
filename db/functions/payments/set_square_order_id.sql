create or replace function set_square_order_id(p_order_id bigint, p_square_order_id text) returns text
language plpgsql volatile as $$
declare
  current_id text;
begin
  update orders set square_order_id = p_square_order_id
   where id = p_order_id and square_order_id is null
  returning square_order_id into current_id;
  if current_id is null then
    select square_order_id into current_id from orders where id = p_order_id;
  end if;
  return current_id;
end
$$;
