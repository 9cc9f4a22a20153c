package dev.querylens.rules;

import dev.querylens.schema.Column;
import dev.querylens.schema.Table;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Column names that look like secrets or personal data an API must not hand out: the name (camelCase
 * read as snake_case) ends with one of these words, optionally followed by _hash, _encrypted, ...
 * Whole words only, so token_count, tokens_used or api_key_id do not count; flags (is_secret,
 * has_password) say nothing about a value.
 */
final class SensitiveColumns {
    private static final Pattern SENSITIVE = Pattern.compile("(?:^|_)(?:password|passwd|pass_hash|secret|client_secret"
            + "|secret_key|private_key|api_key|apikey|access_key|token|access_token|refresh_token|auth_token|session_token"
            + "|reset_token|otp_secret|totp_secret|ssn|social_security_number|iban|bank_account_number|account_number"
            + "|routing_number|card_number|credit_card|credit_card_number|cc_number|cvv|cvc|tax_id|passport_number)"
            + "(?:_hash|_hashed|_digest|_encrypted|_enc|_plain)?$");
    private static final Pattern FLAG = Pattern.compile("^(?:is|has|uses|requires)_.*");

    private SensitiveColumns() {
    }

    static List<String> of(Table t) {
        return t.columns().stream().map(Column::name).filter(SensitiveColumns::looksSensitive).toList();
    }

    static boolean looksSensitive(String column) {
        String snake = column.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return !FLAG.matcher(snake).matches() && SENSITIVE.matcher(snake).find();
    }
}
