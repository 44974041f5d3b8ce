package io.github.redisclustertestkit.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A page-view counter: the application under test in the Spring Boot samples. */
@SpringBootApplication
public class PageViewsApplication {

    /**
     * Runs the application on its own; the samples' tests start it through {@code @SpringBootTest}.
     *
     * @param args Spring Boot's command-line arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(PageViewsApplication.class, args);
    }
}
