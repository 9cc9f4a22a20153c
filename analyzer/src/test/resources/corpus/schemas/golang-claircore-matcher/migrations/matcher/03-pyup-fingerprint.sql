UPDATE update_operation
SET
  fingerprint = ''
WHERE
  updater = 'pyupio';
