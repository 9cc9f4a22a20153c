package dev.querylens.database;

import java.sql.SQLException;

/**
 * A statement was not planned because it calls a function that is neither built in nor allowed
 * ({@link AllowedFunctions}): planning could have run it. The message names the functions as the
 * server's catalog names them and never quotes the statement.
 */
public final class FunctionNotAllowed extends SQLException {
    /** SQLSTATE-shaped code of QueryLens's own (class QL): no server error has it. */
    public static final String STATE = "QL001";

    public FunctionNotAllowed(String message) {
        super(message, STATE);
    }
}
