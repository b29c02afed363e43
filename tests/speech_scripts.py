"""What the generated test recordings say (espeak-ng reads these in conftest.py)."""

FIRST = ("The nurse came to see me as soon as I arrived on the ward. "
         "She explained what would happen next and I felt reassured.")
SECOND = ("Later that night nobody answered the call bell. "
          "I waited for a long time and I felt frightened and alone.")
