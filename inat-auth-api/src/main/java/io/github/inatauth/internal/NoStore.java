package io.github.inatauth.internal;

import io.github.inatauth.spi.Token;
import io.github.inatauth.spi.TokenKey;
import io.github.inatauth.spi.TokenStore;
import java.util.Map;
import java.util.Optional;

/** Store {@code none}: tokens live only in the {@code InatAuth} instance that fetched them. */
final class NoStore implements TokenStore {
    static final String ID = "none";

    @Override
    public Optional<Token> load(TokenKey key) {
        return Optional.empty();
    }

    @Override
    public void save(TokenKey key, Token token) {
    }

    @Override
    public void delete(TokenKey key) {
    }

    @Override
    public Map<TokenKey, Token> list() {
        return Map.of();
    }
}
