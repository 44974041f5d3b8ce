package io.github.redisclustertestkit.spring;

import java.util.function.Supplier;

/** A supplier asked once, when first needed: a property registry asks for each value apart. */
final class Once {

    private Once() {
    }

    static <T> Supplier<T> of(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }
}
