/** The specification's own example (sigma-filters-specification.md, "Examples"), with an id added. */
export const SPEC_FILTER = `title: Filter Administrator account
id: 5b3a1f4e-4c1d-4d2e-9f6a-0a1b2c3d4e5f
description: The valid administrator account start with adm_
logsource:
    category: process_creation
    product: windows
filter:
    rules:
        - 6f3e2987-db24-4c78-a860-b4f4095a7095 # Data Compressed - rar.exe
        - df0841c0-9846-4e9f-ad8a-7df91571771b # Login on jump host
    selection:
        User|startswith: 'adm_'
    condition: selection
`;
