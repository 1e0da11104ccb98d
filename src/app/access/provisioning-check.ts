/** How a failed provisioning is named among a request's findings. */
export const PROVISIONING_CHECK = 'meshwork:provisioning';
