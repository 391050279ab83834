import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline beside Fediflow's figures: a bare Spring Boot web application on the same libraries (Spring MVC on
 * Tomcat, no database, no engine) that answers webhooks with 200 without looking at them. Built and started by
 * bench/figures.sh; its startup, memory and request rate are the floor Fediflow is compared with.
 */
@SpringBootApplication
@RestController
public class BareApp {

    public static void main(String[] args) {
        SpringApplication.run(BareApp.class, args);
    }

    @GetMapping("/actuator/health")
    String health() {
        return "{\"status\":\"UP\"}";
    }

    @PostMapping("/webhooks/mastodon")
    ResponseEntity<Void> webhook(@RequestBody byte[] body) {
        return ResponseEntity.ok().build();
    }
}
