/**
 * Whether a name from the mesh (a domain, product or port name) can be one folder of the
 * warehouse (`.meshwork/warehouse/<domain>/<product>/<port>`) and nothing else. A port's
 * name is written by whoever edits the product's YAML, so `../../sales/orders/orders`
 * would otherwise let one domain's build or retention write or delete another's data.
 *
 * Refused: empty, `.` and `..`, a separator (`/`, `\`), NUL or another control
 * character, a leading dot (the warehouse's own `.lock`, `.tmp-…` and `.current-…` live
 * beside the ports and are removed by name), and more than 255 bytes (a file system's
 * limit for one name).
 */
export function isPlainFolderName(name: string): boolean {
  return (
    name !== '' &&
    !name.startsWith('.') &&
    !/[/\\\p{Cc}]/u.test(name) &&
    new TextEncoder().encode(name).length <= 255
  );
}
