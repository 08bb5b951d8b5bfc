// Reading an uploaded file from a posted form: the bytes of a chosen file, or null when the field
// was left empty (browsers send an empty part) or the form was not sent as multipart.
export async function uploadedFile(formData: FormData, name: string): Promise<Uint8Array | null> {
  const value = formData.get(name);
  if (!value || typeof value === "string" || value.size === 0) return null;
  return new Uint8Array(await value.arrayBuffer());
}
