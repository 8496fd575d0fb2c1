declare module "virtual:govchain-names" {
  type Names = Record<string, { en?: string; zh?: string } | undefined>;
  const table: { city: string; departments: Names; certificateTypes: Names; caseTypes: Names };
  export default table;
}
