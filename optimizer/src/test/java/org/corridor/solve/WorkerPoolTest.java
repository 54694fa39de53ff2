package org.corridor.solve;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void theLargestWorkStartsFirstAndResultsStayInInputOrder() throws Exception {
        List<Integer> works = List.of(1, 5, 3, 4, 2);
        List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch bothBusy = new CountDownLatch(2);
        try (WorkerPool pool = new WorkerPool(2)) {
            List<Integer> out = pool.map("test", works, w -> {
                started.add(w);
                bothBusy.countDown();
                try {
                    // the first two tasks wait for each other, so both workers have taken one before any finishes
                    bothBusy.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return w * 10;
            }, SolveControl.NONE, w -> w);
            assertThat(out).containsExactly(10, 50, 30, 40, 20);
        }
        assertThat(started.subList(0, 2)).containsExactlyInAnyOrder(5, 4);
        assertThat(started).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    }

    @Test
    void oneThreadRunsInInputOrderWhateverTheWork() {
        List<Integer> started = new ArrayList<>();
        try (WorkerPool pool = new WorkerPool(1)) {
            List<Integer> out = pool.map("test", List.of(1, 5, 3), w -> { started.add(w); return -w; }, SolveControl.NONE, w -> w);
            assertThat(out).containsExactly(-1, -5, -3);
        }
        assertThat(started).containsExactly(1, 5, 3);
    }
}
