/** An error message from the API, shown in place; nothing when there is none. */
export function ErrorBox(props: { message: string | null | undefined }) {
  if (!props.message) return null;
  return <p class="error" role="alert">{props.message}</p>;
}
