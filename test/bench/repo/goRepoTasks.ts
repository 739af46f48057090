// The suite's Go tasks: a report whose conversion helper in another package has the ratio upside down, and a
// shelf whose limit helper in another file refuses to take stock down to the reserve (bug report only).

import type { RepoTaskSource } from "./RepoTaskSource.js";

const convertBefore = `func CelsiusToFahrenheit(c float64) float64 {
	return c*5/9 + 32
}
`;

const temps: RepoTaskSource = {
    instance_id: "go-temperature-report",
    language: "go",
    problem_statement: 'Describe(100) says "100.0°C is 87.6°F"; water boils at 212°F.',
    files: {
        "go.mod": "module example.com/temps\n\ngo 1.19\n",
        "convert/convert.go": `package convert

// CelsiusToFahrenheit converts degrees Celsius to degrees Fahrenheit.
${convertBefore}
// FahrenheitToCelsius converts degrees Fahrenheit to degrees Celsius.
func FahrenheitToCelsius(f float64) float64 {
	return (f - 32) * 5 / 9
}
`,
        "report/report.go": `package report

import (
	"fmt"

	"example.com/temps/convert"
)

// Describe says a Celsius temperature in both scales.
func Describe(c float64) string {
	return fmt.Sprintf("%.1f°C is %.1f°F", c, convert.CelsiusToFahrenheit(c))
}
`,
        "report/report_test.go": `package report

import "testing"

func TestDescribeFreezing(t *testing.T) {
	if got := Describe(0); got != "0.0°C is 32.0°F" {
		t.Fatalf("got %q", got)
	}
}

func TestDescribeBoiling(t *testing.T) {
	if got := Describe(100); got != "100.0°C is 212.0°F" {
		t.Fatalf("got %q", got)
	}
}
`
    },
    hidden: {
        "convert/convert_hidden_test.go": `package convert

import (
	"math"
	"testing"
)

func TestBodyTemperature(t *testing.T) {
	if got := CelsiusToFahrenheit(37); math.Abs(got-98.6) > 1e-9 {
		t.Fatalf("got %v", got)
	}
}

func TestFreezingPoint(t *testing.T) {
	if got := CelsiusToFahrenheit(0); got != 32 {
		t.Fatalf("got %v", got)
	}
}
`
    },
    FAIL_TO_PASS: ["report/report_test.go::TestDescribeBoiling", "convert/convert_hidden_test.go::TestBodyTemperature"],
    PASS_TO_PASS: ["report/report_test.go::TestDescribeFreezing", "convert/convert_hidden_test.go::TestFreezingPoint"],
    failing_tests: ["report/report_test.go::TestDescribeBoiling"],
    fixes: [
        {
            file: "convert/convert.go",
            function: "CelsiusToFahrenheit",
            before: convertBefore,
            after: convertBefore.replace("c*5/9 + 32", "c*9/5 + 32")
        }
    ]
};

const canTakeBefore = `func canTake(have, want, keep int) bool {
	return have-want > keep
}
`;

const shelf: RepoTaskSource = {
    instance_id: "go-shelf-reserve",
    language: "go",
    problem_statement:
        "Shelf.Take refuses to take stock down to exactly the reserve: with 10 items and a reserve of 2, Take(8) " +
        "returns false and leaves the 10 items.",
    files: {
        "go.mod": "module example.com/shop\n\ngo 1.19\n",
        "stock/limits.go": `package stock

// canTake says whether want items can be taken when have are in stock and keep must stay.
${canTakeBefore}`,
        "stock/shelf.go": `package stock

// Shelf holds Items, of which Reserve must always stay.
type Shelf struct {
	Items   int
	Reserve int
}

// Take removes n items if the shelf keeps its reserve, and says whether it did.
func (s *Shelf) Take(n int) bool {
	if !canTake(s.Items, n, s.Reserve) {
		return false
	}
	s.Items -= n
	return true
}
`,
        "stock/shelf_test.go": `package stock

import "testing"

func TestTakeLeavesItems(t *testing.T) {
	s := Shelf{Items: 10, Reserve: 2}
	if !s.Take(3) || s.Items != 7 {
		t.Fatalf("got %+v", s)
	}
}
`
    },
    hidden: {
        "stock/shelf_hidden_test.go": `package stock

import "testing"

func TestTakeDownToReserve(t *testing.T) {
	s := Shelf{Items: 10, Reserve: 2}
	if !s.Take(8) || s.Items != 2 {
		t.Fatalf("got %+v", s)
	}
}

func TestTakeBelowReserveRefused(t *testing.T) {
	s := Shelf{Items: 10, Reserve: 2}
	if s.Take(9) || s.Items != 10 {
		t.Fatalf("got %+v", s)
	}
}
`
    },
    FAIL_TO_PASS: ["stock/shelf_hidden_test.go::TestTakeDownToReserve"],
    PASS_TO_PASS: [
        "stock/shelf_test.go::TestTakeLeavesItems",
        "stock/shelf_hidden_test.go::TestTakeBelowReserveRefused"
    ],
    fixes: [
        {
            file: "stock/limits.go",
            function: "canTake",
            before: canTakeBefore,
            after: canTakeBefore.replace("have-want > keep", "have-want >= keep")
        }
    ]
};

export const goRepoTasks: RepoTaskSource[] = [temps, shelf];
