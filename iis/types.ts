// Type tokens of iisguard's components, importable without loading @pulumi/pulumi.
export const SITE_TYPE = "iisguard:index:Site";
export const HOST_TYPE = "iisguard:index:Host";
