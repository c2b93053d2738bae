/** A Sigma detection rule on failed authentications, as the backtest specs load and send it. */
export const FAILED_LOGON_RULE = `title: Failed logon
id: 6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10
level: low
logsource:
    category: authentication
detection:
    selection:
        event.outcome: failure
    condition: selection
`;

export const FAILED_LOGON_ID = '6f4c8a52-2b1e-4d8f-9a61-3c0d7e5b9f10';
